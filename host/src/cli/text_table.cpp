#include "cli/text_table.hpp"

#include <algorithm>

#include "truncate/utf8_fit.hpp"

namespace govsync::host {

void print_text_table(std::ostream& out, const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], utf8_length(row[c]));
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      out << row[c];
      if (c + 1 < row.size()) out << std::string(widths[c] - utf8_length(row[c]) + 2, ' ');
    }
    out << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
}

}  // namespace govsync::host
