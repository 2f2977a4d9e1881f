#pragma once
// A small streaming JSON writer: compact output, keys in the order written,
// UTF-8 passed through unchanged (only quotes, backslashes and control
// characters are escaped), so the same calls always give the same bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govsync::emulator {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  JsonWriter& integer(std::int64_t number);
  JsonWriter& number(double number);
  JsonWriter& boolean(bool flag);
  JsonWriter& null();
  /// Inserts already serialised JSON as one value.
  JsonWriter& raw(std::string_view json);

  JsonWriter& field(std::string_view name, std::string_view text) { return key(name).string(text); }
  JsonWriter& field_int(std::string_view name, std::int64_t value) { return key(name).integer(value); }
  JsonWriter& field_number(std::string_view name, double value) { return key(name).number(value); }
  JsonWriter& field_bool(std::string_view name, bool value) { return key(name).boolean(value); }
  JsonWriter& field_null(std::string_view name) { return key(name).null(); }
  /// A string field, or null when `text` is empty.
  JsonWriter& field_or_null(std::string_view name, std::string_view text);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> first_in_container_;
  bool after_key_ = false;
};

/// `text` as a quoted JSON string.
std::string json_quote(std::string_view text);

}  // namespace govsync::emulator
