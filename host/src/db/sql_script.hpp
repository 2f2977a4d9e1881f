#pragma once
// Splits an SQL script into statements, for drivers that run one at a time.

#include <string>
#include <string_view>
#include <vector>

namespace govsync::host {

/// The statements of a script, split at semicolons outside quotes ('...',
/// "...", E'...' with backslash escapes), comments (-- and /* */),
/// dollar-quoted bodies ($$...$$, $tag$...$tag$) and the BEGIN ... END body
/// of a CREATE TRIGGER (SQLite). Empty statements are dropped; comments are kept.
std::vector<std::string> split_sql_script(std::string_view script);

}  // namespace govsync::host
