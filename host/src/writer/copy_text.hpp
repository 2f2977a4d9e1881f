#pragma once
// Values in PostgreSQL's text forms: COPY fields and array elements.

#include <string>

#include <govsync/writer.hpp>

namespace govsync::host {

/// Appends one field: \N for NULL; text with backslash, tab, newline and
/// carriage return escaped; integers; floating point in the shortest form that
/// reads back the same (NaN, Infinity, -Infinity); booleans as t and f.
void append_copy_field(std::string& out, const Value& value);

/// Appends a non-null value as its type's input function reads it, unescaped:
/// text as it is, numbers as append_copy_field writes them, booleans as t and f.
void append_text_form(std::string& out, const Value& value);

/// Appends one element of an array literal: NULL, or the text form in double
/// quotes with backslashes and double quotes escaped.
void append_array_element(std::string& out, const Value& value);

}  // namespace govsync::host
