#include "azure/cost_management_quota.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <algorithm>
#include <optional>
#include <regex>

namespace govsync::host {
namespace {

// Year and month of an ISO 8601 date or date-time, as months since year 0.
std::optional<int> month_number(const std::string& text) {
  static const std::regex date(R"(^(\d{4})-(\d{2})-\d{2})");
  std::smatch parts;
  if (!std::regex_search(text, parts, date)) return std::nullopt;
  const int month = std::stoi(parts[2]);
  if (month < 1 || month > 12) return std::nullopt;
  return std::stoi(parts[1]) * 12 + month - 1;
}

int months_asked(const std::string& body) {
  try {
    const auto root = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    const auto period = root ? root->getObject("timePeriod") : nullptr;
    if (!period) return 1;
    const auto from = month_number(period->optValue<std::string>("from", ""));
    const auto to = month_number(period->optValue<std::string>("to", ""));
    if (!from || !to || *to < *from) return 1;
    return std::min(*to - *from + 1, 1000);
  } catch (const std::exception&) {
    return 1;  // the service will refuse the body; it still counts
  }
}

}  // namespace

const std::vector<BudgetWindow>& cost_management_qpu_quotas() {
  static const std::vector<BudgetWindow> quotas = {
      {std::chrono::seconds(10), 12}, {std::chrono::seconds(60), 60}, {std::chrono::seconds(3600), 600}};
  return quotas;
}

int cost_management_qpu(const std::string& path, const std::string& body) {
  const auto lower = Poco::toLower(path);
  const auto at = lower.find("/providers/microsoft.costmanagement/");
  if (at == std::string::npos) return 0;
  const auto operation = lower.substr(at + std::string("/providers/microsoft.costmanagement/").size());
  if (operation != "query" && operation != "forecast") return 0;
  return months_asked(body);
}

}  // namespace govsync::host
