#include "writer/copy_text.hpp"

#include "db/postgres_handle.hpp"

namespace govsync::host {
namespace {

// The letter after a backslash for a character COPY text cannot hold as it is, else 0.
char copy_escape_letter(char c) {
  switch (c) {
    case '\\':
      return '\\';
    case '\t':
      return 't';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    default:
      return 0;
  }
}

// The letter after a backslash for a character a quoted array element cannot hold as it is, else 0.
char array_escape_letter(char c) { return c == '"' || c == '\\' ? c : 0; }

// Appends text with each character that has an escape letter written as a
// backslash and that letter; runs of ordinary characters are appended whole.
void append_escaped(std::string& out, const std::string& text, char (*escape_letter)(char)) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char letter = escape_letter(text[i]);
    if (letter == 0) continue;
    out.append(text, run, i - run);
    out += '\\';
    out += letter;
    run = i + 1;
  }
  out.append(text, run, std::string::npos);
}

}  // namespace

void append_copy_field(std::string& out, const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) {
    out += "\\N";
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    append_escaped(out, *text, copy_escape_letter);
  } else {
    append_text_form(out, value);
  }
}

void append_text_form(std::string& out, const Value& value) {
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          // no text form: callers send SQL NULL for it
        } else if constexpr (std::is_same_v<T, std::string>) {
          out += v;
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? 't' : 'f';
        } else {
          append_postgres_number(out, v);
        }
      },
      value);
}

void append_array_element(std::string& out, const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) {
    out += "NULL";
    return;
  }
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) {  // numbers and booleans need no quotes
    append_text_form(out, value);
    return;
  }
  out += '"';
  append_escaped(out, *text, array_escape_letter);
  out += '"';
}

}  // namespace govsync::host
