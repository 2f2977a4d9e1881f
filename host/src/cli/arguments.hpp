#pragma once
// Command-line arguments: `govsync <command> [--option value | --flag]...`.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace govsync::host {

/// An option a command accepts.
struct OptionSpec {
  std::string name;         // without the leading "--"
  bool takes_value = true;  // false: a flag
  bool repeatable = false;
};

struct Arguments {
  std::string command;
  std::map<std::string, std::vector<std::string>> values;  // option -> values (flags: one empty value)
  std::vector<std::string> operands;                       // arguments that are not options, in order

  bool has(const std::string& option) const { return values.contains(option); }
  std::optional<std::string> value(const std::string& option) const;
  std::vector<std::string> all(const std::string& option) const;
};

/// Parses the options after the command against the specs; --help is always
/// accepted. Up to `max_operands` arguments that are not options are kept as operands.
Result<Arguments> parse_arguments(const std::string& command, const std::vector<std::string>& args,
                                  const std::vector<OptionSpec>& specs, std::size_t max_operands = 0);

}  // namespace govsync::host
