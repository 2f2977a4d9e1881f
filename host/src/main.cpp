// govsync: the daemon and command-line tool.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return govsync::host::cli_main(std::vector<std::string>(argv + 1, argv + argc)); }
