#include "cli/arguments.hpp"

#include <algorithm>

namespace govsync::host {

std::optional<std::string> Arguments::value(const std::string& option) const {
  const auto it = values.find(option);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Arguments::all(const std::string& option) const {
  const auto it = values.find(option);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

Result<Arguments> parse_arguments(const std::string& command, const std::vector<std::string>& args,
                                  const std::vector<OptionSpec>& specs, std::size_t max_operands) {
  Arguments parsed{command, {}, {}};
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      if (parsed.operands.size() >= max_operands) {
        return Error{"govsync " + command + ": unexpected argument '" + arg + "'"};
      }
      parsed.operands.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (name == "help") {
      parsed.values["help"].emplace_back();
      continue;
    }
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
    if (spec == specs.end()) return Error{"govsync " + command + ": unknown option --" + name + " (see --help)"};
    if (!spec->repeatable && parsed.values.contains(name)) {
      return Error{"govsync " + command + ": --" + name + " given twice"};
    }
    if (!spec->takes_value) {
      if (inline_value) return Error{"govsync " + command + ": --" + name + " takes no value"};
      parsed.values[name].emplace_back();
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) return Error{"govsync " + command + ": --" + name + " needs a value"};
      inline_value = args[++i];
    }
    parsed.values[name].push_back(*inline_value);
  }
  return parsed;
}

}  // namespace govsync::host
