#include "cli/run_table.hpp"

#include <cstdio>

#include "cli/text_table.hpp"
#include "truncate/utf8_fit.hpp"

namespace govsync::host {
namespace {

std::string seconds_text(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2fs", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

// Errors can be long (driver messages); one line of the table shows the start.
std::string one_line(const std::string& text) {
  std::string line = fit_utf8(text, 160).text;
  for (auto& c : line) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return line;
}

}  // namespace

void print_run_table(std::ostream& out, const std::vector<RunOutcome>& outcomes) {
  std::vector<std::vector<std::string>> rows;
  std::size_t failed = 0;
  for (const auto& o : outcomes) {
    if (o.status != RunStatus::succeeded) ++failed;
    rows.push_back({o.domain, o.tenant, std::string(status_name(o.status)), std::to_string(o.counts.rows_written),
                    std::to_string(o.counts.truncations), seconds_text(o.duration), one_line(o.error)});
  }
  print_text_table(out, {"DOMAIN", "TENANT", "STATUS", "ROWS", "TRUNCATIONS", "DURATION", "ERROR"}, rows);
  out << outcomes.size() << " runs: " << outcomes.size() - failed << " succeeded, " << failed << " failed\n";
}

}  // namespace govsync::host
