#include "mime_headers.hpp"

#include <algorithm>
#include <array>

#include "normalize.hpp"

namespace govsync::dmarc::detail {
namespace {

// The next line of `text` from `position` without its line ending; advances `position`.
std::string_view next_line(std::string_view text, std::size_t& position) {
  const std::size_t newline = text.find('\n', position);
  const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
  std::string_view line = text.substr(position, end - position);
  position = newline == std::string_view::npos ? text.size() : newline + 1;
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

bool is_field_name_char(char c) noexcept { return c > ' ' && c < 127 && c != ':'; }

// Position of the ':' ending a field name at the start of `line`, or npos.
std::size_t field_name_end(std::string_view line) noexcept {
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::string_view::npos;
  for (std::size_t i = 0; i < colon; ++i) {
    if (!is_field_name_char(line[i])) return std::string_view::npos;
  }
  return colon;
}

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_digit(text[i + 1]);
      const int low = hex_digit(text[i + 2]);
      if (high >= 0 && low >= 0) {
        decoded.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    decoded.push_back(text[i]);
  }
  return decoded;
}

// Reads one parameter value (quoted string or token) starting at text[i]; advances i.
std::string read_param_value(std::string_view text, std::size_t& i) {
  std::string value;
  if (i < text.size() && text[i] == '"') {
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;
      value.push_back(text[i]);
    }
    if (i < text.size()) ++i;  // closing quote
    return value;
  }
  const std::size_t end = text.find(';', i);
  value = std::string(trim(text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i)));
  i = end == std::string_view::npos ? text.size() : end;
  return value;
}

}  // namespace

MimeEntity split_entity(std::string_view entity) {
  MimeEntity result;
  std::size_t position = 0;
  std::string name;
  std::string value;
  const auto store = [&] {
    if (!name.empty()) result.headers.try_emplace(name, std::string(trim(value)));
    name.clear();
    value.clear();
  };
  while (position < entity.size()) {
    const std::string_view line = next_line(entity, position);
    if (line.empty()) break;
    if ((line.front() == ' ' || line.front() == '\t') && !name.empty()) {
      value += ' ';
      value += trim(line);
      continue;
    }
    store();
    if (const std::size_t colon = field_name_end(line); colon != std::string_view::npos) {
      name = lower_trimmed(line.substr(0, colon));
      value = std::string(line.substr(colon + 1));
    }
  }
  store();
  result.body = entity.substr(position);
  return result;
}

HeaderValue parse_header_value(std::string_view text) {
  HeaderValue result;
  const std::size_t first = text.find(';');
  result.value = lower_trimmed(text.substr(0, first));
  std::size_t i = first == std::string_view::npos ? text.size() : first + 1;
  while (i < text.size()) {
    const std::size_t equals = text.find('=', i);
    if (equals == std::string_view::npos) break;
    std::string name = lower_trimmed(text.substr(i, equals - i));
    i = equals + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::string value = read_param_value(text, i);
    if (name.ends_with('*')) {  // RFC 2231: charset'language'percent-encoded
      name.pop_back();
      const std::size_t second_quote = value.find('\'', value.find('\'') + 1);
      if (value.find('\'') != std::string::npos && second_quote != std::string::npos) {
        value = percent_decode(std::string_view(value).substr(second_quote + 1));
      }
    }
    if (!name.empty()) result.params.try_emplace(std::move(name), std::move(value));
    const std::size_t next = text.find(';', i);
    i = next == std::string_view::npos ? text.size() : next + 1;
  }
  return result;
}

bool looks_like_mail_headers(std::string_view bytes) {
  static constexpr std::array<std::string_view, 8> kMailFields = {
      "from", "received", "content-type", "mime-version", "return-path", "message-id", "subject", "date"};
  std::size_t position = 0;
  const std::string_view first_line = next_line(bytes, position);
  if (field_name_end(first_line) == std::string_view::npos) return false;
  const MimeEntity entity = split_entity(bytes.substr(0, std::min<std::size_t>(bytes.size(), 256 * 1024)));
  for (const std::string_view field : kMailFields) {
    if (entity.headers.contains(std::string(field))) return true;
  }
  return false;
}

}  // namespace govsync::dmarc::detail
