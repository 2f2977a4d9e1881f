#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/command_help.hpp"
#include "cli/commands.hpp"
#include "cli/host_setup.hpp"
#include "cli/service_user.hpp"

namespace govsync::host {
namespace {

constexpr const char* kHelp =
    "usage: govsync check-config [--config FILE] [--user NAME]\n"
    "\n"
    "Validates the configuration and its conf.d drop-ins, loads the plugins\n"
    "and checks each enabled domain's keys against its plugin. Does not touch\n"
    "the database. Run as root, it checks as the service user govsync when\n"
    "that user exists (the configuration, secret files, SQLite folder and\n"
    "plugins must be readable by the user the daemon runs as), or as --user\n"
    "NAME. Exit codes: 0 valid, 78 configuration error, 64 usage error.\n";

// The daemon creates and writes the SQLite database (and its journal) in its folder.
std::string sqlite_access_problem(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) return {};
  const std::filesystem::path file = url.substr(7);
  const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    return "[database] url: the folder " + folder.string() +
           " of the SQLite database cannot be written: " + std::strerror(errno);
  }
  if (::access(file.c_str(), F_OK) == 0 && ::access(file.c_str(), R_OK | W_OK) != 0) {
    return "[database] url: the SQLite database " + file.string() +
           " cannot be read and written: " + std::strerror(errno);
  }
  return {};
}

int check(const Arguments& args, const std::optional<UserIdentity>& user) {
  auto plugins = prepare_plugins(args);
  if (auto* code = std::get_if<int>(&plugins)) return *code;
  const auto& setup = std::get<PluginSetup>(plugins);
  if (const auto problem = sqlite_access_problem(setup.settings.database.url); !problem.empty()) {
    std::cerr << "configuration error: " << problem << (user ? " (checked as user " + user->name + ")" : "") << "\n";
    return 78;
  }
  std::string domains;
  for (const auto& d : setup.domains) domains += (domains.empty() ? "" : ", ") + d.settings.name;
  std::cout << "configuration OK (" << setup.settings.files.size() << " files"
            << (user ? ", checked as user " + user->name : std::string()) << "): " << setup.settings.tenants.size()
            << " tenants, enabled domains: " << (domains.empty() ? "none" : domains) << "\n";
  return 0;
}

}  // namespace

int command_check_config(const std::vector<std::string>& raw) {
  Arguments args;
  if (auto stop = parse_or_help("check-config", raw, {{"config"}, {"user"}}, kHelp, args)) return *stop;
  std::string unknown;
  const auto user = user_to_check_as(args.value("user"), unknown);
  if (!unknown.empty()) {
    std::cerr << unknown << "\n";
    return 64;
  }
  if (!user || user->uid == ::geteuid()) return check(args, user);
  return run_as_user(*user, [&] { return check(args, user); });
}

}  // namespace govsync::host
