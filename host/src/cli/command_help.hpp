#pragma once
// Prints a command's help when --help was given or parsing failed.

#include <optional>
#include <string>
#include <vector>

#include "cli/arguments.hpp"

namespace govsync::host {

/// Parses args; returns the exit code to stop with (help shown: 0, bad
/// arguments: 64), or nothing to go on. Up to `max_operands` non-option arguments are accepted.
std::optional<int> parse_or_help(const std::string& command, const std::vector<std::string>& args,
                                 const std::vector<OptionSpec>& specs, const char* help, Arguments& parsed,
                                 std::size_t max_operands = 0);

}  // namespace govsync::host
