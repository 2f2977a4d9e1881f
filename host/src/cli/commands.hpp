#pragma once
// The govsync subcommands. Each returns the process exit code.

#include <string>
#include <vector>

namespace govsync::host {

int cli_main(const std::vector<std::string>& args);

int command_run(const std::vector<std::string>& args);
int command_plugins(const std::vector<std::string>& args);
int command_migrate(const std::vector<std::string>& args);
int command_check_config(const std::vector<std::string>& args);
int command_serve(const std::vector<std::string>& args);
int command_status(const std::vector<std::string>& args);
int command_reap(const std::vector<std::string>& args);

}  // namespace govsync::host
