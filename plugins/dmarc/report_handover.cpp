#include "report_handover.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <vector>

namespace govsync::dmarc {
namespace {

struct Handed {
  std::string reader;  // the tenant whose run handed it over
  std::string source;
  std::string name;
  std::string content_type;
  std::string content;  // base64
};

std::string from_base64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::ostringstream out;
  out << decoder.rdbuf();
  return out.str();
}

}  // namespace

void take_handed_over_reports(RunContext& ctx, ReportStore& store) {
  using Poco::Data::Keywords::use;
  std::string tenant = ctx.tenant().id;
  std::vector<Handed> handed;
  {
    Poco::Data::Statement select(ctx.session());
    select << "SELECT tenant_id, source_name, input_name, content_type, content FROM dmarc_report_handover "
              "WHERE for_tenant_id = $1",
        use(tenant);
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
      const auto text = [&](std::size_t column) {
        return rows.isNull(column, i) ? std::string() : rows.value(column, i).convert<std::string>();
      };
      handed.push_back({text(0), text(1), text(2), text(3), text(4)});
    }
  }
  for (auto& report : handed) {
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
    store.file(report.source, from_base64(report.content), report.name, report.content_type, Route::handed_over);
    Poco::Data::Statement remove(ctx.session());
    remove << "DELETE FROM dmarc_report_handover WHERE tenant_id = $1 AND source_name = $2 AND for_tenant_id = $3",
        use(report.reader), use(report.source), use(tenant);
    remove.execute();
  }
  if (!handed.empty()) ctx.log().info("{} DMARC report(s) handed over by another tenant's run stored", handed.size());
}

}  // namespace govsync::dmarc
