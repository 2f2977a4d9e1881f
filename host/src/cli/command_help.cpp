#include "cli/command_help.hpp"

#include <iostream>

#include "cli/host_setup.hpp"

namespace govsync::host {

std::optional<int> parse_or_help(const std::string& command, const std::vector<std::string>& args,
                                 const std::vector<OptionSpec>& specs, const char* help, Arguments& parsed,
                                 std::size_t max_operands) {
  auto result = parse_arguments(command, args, specs, max_operands);
  if (!result) {
    std::cerr << result.error().message << "\n\n" << help;
    return kExitUsage;
  }
  parsed = std::move(result.value());
  if (parsed.has("help")) {
    std::cout << help;
    return 0;
  }
  return std::nullopt;
}

}  // namespace govsync::host
