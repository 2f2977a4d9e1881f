#include "bench_report.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace govsync::bench {

void print_table(const std::string& title, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(headers.size());
  for (std::size_t c = 0; c < headers.size(); ++c) widths[c] = headers[c].size();
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      line += (c ? "  " : "") + std::string(widths[c] - cell.size(), ' ') + cell;
    }
    std::cout << line << '\n';
  };
  std::cout << '\n' << title << '\n';
  print_row(headers);
  for (const auto& row : rows) print_row(row);
  std::cout << std::flush;
}

void print_json_line(const Poco::JSON::Object& object) {
  std::ostringstream text;
  object.stringify(text);
  std::cout << text.str() << '\n' << std::flush;
}

Poco::JSON::Object::Ptr ordered_object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::JSON::Object::Ptr summary(const std::string& bench) {
  auto object = ordered_object();
  object->set("bench", bench);
  return object;
}

int finish(Poco::JSON::Object& summary, Poco::JSON::Array::Ptr results, bool targets_met) {
  summary.set("results", results);
  summary.set("targets_met", targets_met);
  print_json_line(summary);
  return 0;
}

int guarded(const std::string& program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << '\n';
    return 1;
  }
}

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string verdict(bool met) { return met ? "met" : "MISSED"; }

}  // namespace govsync::bench
