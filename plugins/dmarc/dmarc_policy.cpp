#include "dmarc_policy.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace govsync::dmarc {
namespace {

std::string lower_trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool is_dmarc_record(const std::string& record) { return lower_trimmed(record.substr(0, 8)) == "v=dmarc1"; }

DmarcPolicy parsed(const std::string& record) {
  DmarcPolicy policy;
  policy.record = record;
  std::stringstream tags(record);
  std::string tag;
  while (std::getline(tags, tag, ';')) {
    const auto eq = tag.find('=');
    if (eq == std::string::npos) continue;
    const auto key = lower_trimmed(tag.substr(0, eq));
    auto value = tag.substr(eq + 1);
    const auto first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? "" : value.substr(first, value.find_last_not_of(" \t") - first + 1);
    if (key == "p") policy.p = lower_trimmed(value);
    if (key == "sp") policy.sp = lower_trimmed(value);
    if (key == "rua") policy.rua = value;
    if (key == "pct") {
      try {
        policy.pct = std::stoi(value);
      } catch (...) {
        policy.pct = std::nullopt;
      }
    }
  }
  return policy;
}

}  // namespace

PolicyChoice dmarc_policy_of(const std::vector<std::string>& records) {
  const auto count = std::count_if(records.begin(), records.end(), is_dmarc_record);
  if (count == 0) return {};
  if (count > 1) {
    return {std::nullopt, std::to_string(count) +
                              " TXT records start with v=DMARC1: no policy applies (RFC 7489 section 6.6.3); "
                              "publish exactly one"};
  }
  return {parsed(*std::find_if(records.begin(), records.end(), is_dmarc_record)), ""};
}

}  // namespace govsync::dmarc
