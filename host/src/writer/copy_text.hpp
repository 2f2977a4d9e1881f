#pragma once
// Values in PostgreSQL's COPY text format.

#include <string>

#include <govsync/writer.hpp>

namespace govsync::host {

/// Appends one field: \N for NULL; text with backslash, tab, newline and
/// carriage return escaped; integers; floating point in the shortest form that
/// reads back the same (NaN, Infinity, -Infinity); booleans as t and f.
void append_copy_field(std::string& out, const Value& value);

}  // namespace govsync::host
