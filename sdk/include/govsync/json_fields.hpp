#pragma once
/// \file
/// Reading fields of Azure / Graph JSON without caring whether they are
/// missing, null, or of a neighbouring type.

#include <optional>
#include <sstream>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

namespace govsync::json {

/// The field as text ("" when missing or null; numbers and booleans as written).
inline std::string text(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return {};
  try {
    return object.get(key).convert<std::string>();
  } catch (...) {
    return {};
  }
}

/// The field as text, or nothing when missing or null.
inline std::optional<std::string> optional_text(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return std::nullopt;
  return text(object, key);
}

/// The field as a number, or nothing when missing, null or not a number.
inline std::optional<double> number(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return std::nullopt;
  try {
    return object.get(key).convert<double>();
  } catch (...) {
    return std::nullopt;
  }
}

/// The field as a boolean, or nothing when missing, null or not a boolean.
inline std::optional<bool> boolean(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return std::nullopt;
  try {
    return object.get(key).convert<bool>();
  } catch (...) {
    return std::nullopt;
  }
}

/// The nested object, or null when missing or not an object.
inline Poco::JSON::Object::Ptr object(const Poco::JSON::Object& parent, const std::string& key) {
  return parent.has(key) && !parent.isNull(key) ? parent.getObject(key) : nullptr;
}

/// The nested array, or null when missing or not an array.
inline Poco::JSON::Array::Ptr array(const Poco::JSON::Object& parent, const std::string& key) {
  return parent.has(key) && !parent.isNull(key) ? parent.getArray(key) : nullptr;
}

/// The value as compact JSON text ("" for missing or null).
inline std::string compact(const Poco::JSON::Object& parent, const std::string& key) {
  if (!parent.has(key) || parent.isNull(key)) return {};
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(parent.get(key), out);
  return out.str();
}

}  // namespace govsync::json
