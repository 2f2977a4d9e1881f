#pragma once
/// \file
/// The truncation service: fits text into a column's live width.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace govsync {

/// Fits text to the width of a column as the database schema declares it.
/// Widths are counted in Unicode characters; a cut never splits a UTF-8 code
/// point; invalid UTF-8 bytes are replaced by U+FFFD, one per byte. Every cut
/// is logged as a warning and recorded in truncation_audit.
class Truncator {
 public:
  virtual ~Truncator() = default;
  /// The declared width of a column in characters, or nothing when the column
  /// is unbounded or unknown.
  virtual std::optional<std::size_t> width(std::string_view table, std::string_view column) const = 0;
  /// Returns value as it can be stored in table.column: valid UTF-8 and no
  /// longer than the column's width. row_key names the row in the audit.
  virtual std::string fit(std::string_view table, std::string_view column, std::string_view value,
                          std::string_view row_key) = 0;
};

}  // namespace govsync
