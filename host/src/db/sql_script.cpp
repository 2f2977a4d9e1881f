#include "db/sql_script.hpp"

#include <cctype>
#include <string>
#include <vector>

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

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string upper(std::string_view word) {
  std::string text(word);
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// The end of a quoted string starting at i: '...' with '' inside, or, after
// an E prefix (E'...', PostgreSQL), with backslash escapes too.
std::size_t string_end(std::string_view text, std::size_t i, bool backslash_escapes) {
  const char quote = text[i];
  for (std::size_t j = i + 1; j < text.size(); ++j) {
    if (backslash_escapes && text[j] == '\\') {
      ++j;
    } else if (text[j] == quote) {
      return j + 1;  // a doubled quote is read as two strings side by side: the same split
    }
  }
  return text.size();
}

// Where a statement stands in a CREATE TRIGGER body (SQLite: BEGIN ... END,
// whose statements end in semicolons that do not end the trigger).
class TriggerDepth {
 public:
  void word(std::string_view word) {
    const auto w = upper(word);
    if (leading_.size() < 3) {
      leading_.push_back(w);
      trigger_ = leading_.size() >= 2 && leading_[0] == "CREATE" &&
                 (leading_[1] == "TRIGGER" ||
                  (leading_.size() == 3 && (leading_[1] == "TEMP" || leading_[1] == "TEMPORARY") && w == "TRIGGER"));
    }
    if (!trigger_) return;
    if (w == "BEGIN" || w == "CASE") ++depth_;
    if (w == "END" && depth_ > 0) --depth_;
  }
  /// True when a semicolon here ends the statement.
  bool ends_at_semicolon() const { return !trigger_ || depth_ == 0; }
  void reset() { *this = TriggerDepth(); }

 private:
  std::vector<std::string> leading_;
  bool trigger_ = false;
  int depth_ = 0;
};

}  // namespace

std::vector<std::string> split_sql_script(std::string_view script) {
  std::vector<std::string> statements;
  std::size_t start = 0;
  std::size_t i = 0;
  TriggerDepth trigger;
  auto emit = [&](std::size_t end) {
    const auto text = script.substr(start, end - start);
    if (!only_whitespace_and_comments(text)) statements.emplace_back(text);
    start = end + 1;
    trigger.reset();
  };
  while (i < script.size()) {
    const char c = script[i];
    if (c == '\'' || c == '"') {
      i = string_end(script, i, false);
    } else if (word_char(c)) {
      const auto begin = i;
      while (i < script.size() && word_char(script[i])) ++i;
      if (i < script.size() && script[i] == '\'' && i - begin == 1 && (c == 'E' || c == 'e')) {
        i = string_end(script, i, true);  // E'...'
      } else {
        trigger.word(script.substr(begin, i - begin));
      }
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
      if (trigger.ends_at_semicolon()) emit(i);
      ++i;
    } else {
      ++i;
    }
  }
  if (start < script.size()) emit(script.size());
  return statements;
}

}  // namespace govsync::host
