// govsync-azure-emulator --scenario FILE [--port N] [--port-file PATH]
// A local imitation of the Azure Resource Manager, Microsoft Graph and Entra
// token APIs for tests, benchmarks and the demo. See tests/emulator/README.md.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "emulator.hpp"
#include "http_server.hpp"
#include "scenario.hpp"

namespace {

constexpr int kUsageError = 64;
constexpr int kConfigError = 78;

struct Options {
  std::string scenario;
  int port = 0;
  std::string port_file;
};

int usage(const std::string& problem) {
  std::cerr << "govsync-azure-emulator: " << problem << "\n"
            << "usage: govsync-azure-emulator --scenario FILE [--port N] [--port-file PATH]\n";
  return kUsageError;
}

bool parse_options(int argc, char** argv, Options& options, std::string& problem) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      problem = "help";
      return false;
    }
    if (i + 1 >= argc) {
      problem = "missing value for " + arg;
      return false;
    }
    const std::string value = argv[++i];
    if (arg == "--scenario") {
      options.scenario = value;
    } else if (arg == "--port-file") {
      options.port_file = value;
    } else if (arg == "--port") {
      char* end = nullptr;
      const long port = std::strtol(value.c_str(), &end, 10);
      if (end == value.c_str() || *end != '\0' || port < 0 || port > 65535) {
        problem = "--port must be a number from 0 to 65535";
        return false;
      }
      options.port = static_cast<int>(port);
    } else {
      problem = "unknown option " + arg;
      return false;
    }
  }
  if (options.scenario.empty()) problem = "--scenario is required";
  return problem.empty();
}

void write_port_file(const std::string& file, int port) {
  const std::string temporary = file + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << '\n';
  }
  std::filesystem::rename(temporary, file);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string problem;
  if (!parse_options(argc, argv, options, problem)) return usage(problem);

  std::shared_ptr<const govsync::emulator::Scenario> scenario;
  try {
    scenario = govsync::emulator::load_scenario_file(options.scenario);
  } catch (const std::exception& e) {
    std::cerr << "govsync-azure-emulator: " << e.what() << '\n';
    return kConfigError;
  }

  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  govsync::emulator::Emulator emulator(scenario, std::filesystem::absolute(options.scenario).parent_path());
  try {
    govsync::emulator::HttpServer server(emulator, options.port);
    std::cerr << "govsync-azure-emulator: listening on http://127.0.0.1:" << server.port() << " with "
              << scenario->tenants.size() << " tenant(s)\n";
    if (!options.port_file.empty()) write_port_file(options.port_file, server.port());
    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "govsync-azure-emulator: stopping on signal " << received << '\n';
    emulator.shut_down();
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "govsync-azure-emulator: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
