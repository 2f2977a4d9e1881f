#pragma once
// Test helpers: temporary folders, files, child processes and test databases.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "azure/azure_client_impl.hpp"
#include "db/database.hpp"

namespace govsync::test {

/// A fresh folder under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& file, const std::string& text);
std::string read_file(const std::filesystem::path& file);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs a program with arguments (no shell), capturing stdout and stderr.
CommandResult run_program(const std::filesystem::path& program, const std::vector<std::string>& args);

/// The govsync binary under test.
std::filesystem::path govsync_binary();

/// Runs the govsync binary under test.
CommandResult run_govsync(const std::vector<std::string>& args);
/// `govsync check-config --config FILE` checked as the user running the tests
/// (run as root, check-config would otherwise check as the service user govsync
/// where it exists, who cannot enter the tests' private folders).
std::vector<std::string> check_config_command(const std::string& file);

/// `govsync serve` as a child process, its output in a log file. Killed
/// (SIGKILL) at the end of the test if still running.
class DaemonProcess {
 public:
  DaemonProcess(const std::filesystem::path& config, const std::filesystem::path& log);
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  void signal(int signal) const;
  /// Waits for the process to exit; its exit code, or nothing after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool running() const { return pid_ > 0; }
  int pid() const { return pid_; }
  std::string log() const;

 private:
  int pid_ = -1;
  std::filesystem::path log_;
};

/// govsync-azure-emulator as a child process on a free loopback port, with a
/// scenario (JSON text). Stopped at the end of the test.
class EmulatorProcess {
 public:
  explicit EmulatorProcess(const std::string& scenario_json);
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  /// http://127.0.0.1:PORT
  const std::string& base_url() const { return base_url_; }
  /// Every request it received so far: (method, path) pairs, and the raw JSON.
  std::string requests_json() const;
  /// How many requests it received whose path contains `fragment` (and answered `status`, when not 0).
  std::size_t request_count(const std::string& fragment, int status = 0) const;
  /// Forgets the requests received and the quotas counted.
  void reset() const;
  /// Replaces the scenario, keeping the port.
  void set_scenario(const std::string& scenario_json) const;
  std::string log() const;

 private:
  TempDir dir_;
  int pid_ = -1;
  std::string base_url_;
};

/// dnsmasq as a DNS server on 127.0.0.1 answering the TXT records given
/// (name -> text), and NXDOMAIN for other names under .example. Stopped at the end of the test.
class DnsServer {
 public:
  explicit DnsServer(const std::vector<std::pair<std::string, std::string>>& txt_records);
  ~DnsServer();
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;
  /// "127.0.0.1:PORT"
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int pid_ = -1;
  int port_ = 0;
};

/// An Azure client for one tenant of an emulator: every base URL points at it,
/// the secret is written to a file in `dir`. The client uses `tokens`.
std::unique_ptr<host::AzureClientImpl> emulator_client(const EmulatorProcess& emulator, const TempDir& dir,
                                                       const std::string& directory_id, const std::string& client_id,
                                                       const std::string& secret, host::TokenCache& tokens);

/// The port `govsync serve` logged when its admin API began listening on 127.0.0.1 (0 before).
int admin_port(const std::string& serve_log);

/// The wall clock as seconds since the Unix epoch (to compare with timestamp columns).
double now_epoch();

/// Polls `check` every 50 ms until it is true or `timeout` passes; a check
/// that throws counts as not yet true.
bool eventually(const std::function<bool()>& check, std::chrono::milliseconds timeout);

enum class Backend { sqlite, postgresql };
std::string backend_name(Backend backend);
/// Names the backend in GoogleTest output.
void PrintTo(Backend backend, std::ostream* out);

/// An empty database for one test: a SQLite file, or a PostgreSQL schema of
/// its own on the server named by GOVSYNC_TEST_POSTGRES (a libpq conninfo).
class TestDatabase {
 public:
  explicit TestDatabase(Backend backend);
  /// A database of the test's own that is already there (a PostgresServer's): only queried, never dropped.
  static std::unique_ptr<TestDatabase> existing(const std::string& url);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  /// The [database] url for a govsync config.
  const std::string& url() const { return url_; }
  /// A pool on the test database.
  host::Database& db();
  /// Runs a query returning one number.
  std::int64_t count(const std::string& sql);
  /// Runs a query returning one floating point number.
  double real(const std::string& sql);
  /// SQL for a timestamp column as seconds since the Unix epoch.
  std::string epoch(const std::string& column) const;
  /// Runs a query returning one text value (empty for NULL).
  std::string text(const std::string& sql);
  /// Runs a statement.
  void execute(const std::string& sql);

 private:
  Backend backend_;
  std::unique_ptr<TempDir> dir_;
  std::string schema_;
  std::string url_;
  std::unique_ptr<host::Database> db_;
};

struct HttpAnswer {
  int status = 0;
  std::string content_type;
  std::string allow;
  std::string body;
};

/// One HTTP request to 127.0.0.1:port; `authorization` is the header's value (none when empty).
HttpAnswer http_request(int port, const std::string& method, const std::string& target,
                        const std::string& authorization = "", const std::string& body = "");

/// A PostgreSQL server of the test's own (initdb in a temporary folder, a
/// free port), which the test can stop and start again. Removed at the end.
class PostgresServer {
 public:
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  void stop();
  void start();
  /// Stops (SIGSTOP) or resumes (SIGCONT) the server and all its processes:
  /// a server that hangs, its connections open and silent.
  void freeze();
  void thaw();
  /// The [database] url.
  std::string url() const;

 private:
  TempDir dir_;
  int port_ = 0;
};

/// Writes a minimal valid config into dir: database url, plugin dir, migrations,
/// and `tenants` tenants named t1..tN with secret files; `extra` is appended.
std::filesystem::path write_config(const TempDir& dir, const std::string& database_url,
                                   const std::filesystem::path& plugin_dir, int tenants, const std::string& extra);

/// Copies fixture plugins (file names in the fixture folder) into a new plugin folder.
std::filesystem::path plugin_dir_with(const TempDir& dir, const std::vector<std::string>& fixture_files);

/// The folder with the built fixture plugins, the migrations, and the source tree.
std::filesystem::path fixture_dir();
std::filesystem::path migrations_dir();
std::filesystem::path source_dir();

}  // namespace govsync::test
