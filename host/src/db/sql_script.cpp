#include "db/sql_script.hpp"

#include <cctype>

namespace govsync::host {
namespace {

bool only_whitespace_and_comments(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    } else if (text.substr(i, 2) == "--") {
      const auto eol = text.find('\n', i);
      i = eol == std::string_view::npos ? text.size() : eol + 1;
    } else if (text.substr(i, 2) == "/*") {
      const auto close = text.find("*/", i + 2);
      i = close == std::string_view::npos ? text.size() : close + 2;
    } else {
      return false;
    }
  }
  return true;
}

// The length of a dollar-quote tag ($$ or $name$) starting at i, or 0.
std::size_t dollar_tag_length(std::string_view text, std::size_t i) {
  std::size_t j = i + 1;
  while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '_')) ++j;
  if (j < text.size() && text[j] == '$' && (j == i + 1 || std::isdigit(static_cast<unsigned char>(text[i + 1])) == 0)) {
    return j - i + 1;
  }
  return 0;
}

}  // namespace

std::vector<std::string> split_sql_script(std::string_view script) {
  std::vector<std::string> statements;
  std::size_t start = 0;
  std::size_t i = 0;
  auto emit = [&](std::size_t end) {
    const auto text = script.substr(start, end - start);
    if (!only_whitespace_and_comments(text)) statements.emplace_back(text);
    start = end + 1;
  };
  while (i < script.size()) {
    const char c = script[i];
    if (c == '\'' || c == '"') {
      const auto close = script.find(c, i + 1);
      i = close == std::string_view::npos ? script.size() : close + 1;
    } else if (script.substr(i, 2) == "--") {
      const auto eol = script.find('\n', i);
      i = eol == std::string_view::npos ? script.size() : eol + 1;
    } else if (script.substr(i, 2) == "/*") {
      const auto close = script.find("*/", i + 2);
      i = close == std::string_view::npos ? script.size() : close + 2;
    } else if (c == '$' && dollar_tag_length(script, i) > 0) {
      const auto tag = script.substr(i, dollar_tag_length(script, i));
      const auto close = script.find(tag, i + tag.size());
      i = close == std::string_view::npos ? script.size() : close + tag.size();
    } else if (c == ';') {
      emit(i);
      ++i;
    } else {
      ++i;
    }
  }
  if (start < script.size()) emit(script.size());
  return statements;
}

}  // namespace govsync::host
