#include "test_support.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_paths.hpp"

namespace govsync::test {

using Poco::Data::Keywords::now;

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "govsync-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

CommandResult run_program(const std::filesystem::path& program, const std::vector<std::string>& args) {
  Poco::Pipe out_pipe;
  Poco::Pipe err_pipe;
  Poco::ProcessHandle handle = Poco::Process::launch(program.string(), args, nullptr, &out_pipe, &err_pipe);
  CommandResult result;
  // Read both pipes at once so a chatty child never blocks on a full pipe.
  std::thread err_reader([&] {
    Poco::PipeInputStream err(err_pipe);
    Poco::StreamCopier::copyToString(err, result.err);
  });
  Poco::PipeInputStream out(out_pipe);
  Poco::StreamCopier::copyToString(out, result.out);
  err_reader.join();
  result.exit_code = handle.wait();
  return result;
}

std::filesystem::path govsync_binary() { return GOVSYNC_TEST_BINARY; }

std::vector<std::string> check_config_command(const std::string& file) {
  const passwd* me = ::getpwuid(::geteuid());
  return {"check-config", "--config", file, "--user", me != nullptr ? me->pw_name : "root"};
}

CommandResult run_govsync(const std::vector<std::string>& args) { return run_program(govsync_binary(), args); }

DaemonProcess::DaemonProcess(const std::filesystem::path& config, const std::filesystem::path& log) : log_(log) {
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + log.string());
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
    const std::string binary = GOVSYNC_TEST_BINARY;
    const std::string config_text = config.string();
    ::execl(binary.c_str(), binary.c_str(), "serve", "--config", config_text.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fd);
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void DaemonProcess::signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

std::optional<int> DaemonProcess::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

std::string DaemonProcess::log() const { return read_file(log_); }

namespace {

std::string http_text(const std::string& base, const std::string& method, const std::string& path,
                      const std::string& body = "") {
  Poco::URI uri(base + path);
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest request(method, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::string text;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
  if (response.getStatus() >= 300) throw std::runtime_error(method + " " + path + " -> " + text);
  return text;
}

}  // namespace

EmulatorProcess::EmulatorProcess(const std::string& scenario_json) {
  write_file(dir_ / "scenario.json", scenario_json);
  const auto log = dir_ / "emulator.log";
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
    const std::string binary = GOVSYNC_TEST_EMULATOR;
    const std::string scenario = (dir_ / "scenario.json").string();
    const std::string port_file = (dir_ / "port").string();
    ::execl(binary.c_str(), binary.c_str(), "--scenario", scenario.c_str(), "--port", "0", "--port-file",
            port_file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fd);
  std::string port;
  eventually([&] { return !(port = read_file(dir_ / "port")).empty() && port.back() == '\n'; },
             std::chrono::seconds(10));
  if (port.empty()) throw std::runtime_error("the emulator did not start: " + read_file(log));
  base_url_ = "http://127.0.0.1:" + port.substr(0, port.size() - 1);
}

EmulatorProcess::~EmulatorProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string EmulatorProcess::requests_json() const { return http_text(base_url_, "GET", "/_emulator/requests"); }

std::size_t EmulatorProcess::request_count(const std::string& fragment, int status) const {
  const auto json = Poco::JSON::Parser().parse(requests_json()).extract<Poco::JSON::Object::Ptr>();
  std::size_t count = 0;
  for (const auto& entry : *json->getArray("requests")) {
    const auto request = entry.extract<Poco::JSON::Object::Ptr>();
    if (request->getValue<std::string>("path").find(fragment) == std::string::npos) continue;
    if (status == 0 || request->getValue<int>("status") == status) ++count;
  }
  return count;
}

void EmulatorProcess::reset() const { http_text(base_url_, "POST", "/_emulator/reset", ""); }

void EmulatorProcess::set_scenario(const std::string& scenario_json) const {
  http_text(base_url_, "POST", "/_emulator/scenario", scenario_json);
}

std::string EmulatorProcess::log() const { return read_file(dir_ / "emulator.log"); }

std::unique_ptr<host::AzureClientImpl> emulator_client(const EmulatorProcess& emulator, const TempDir& dir,
                                                       const std::string& directory_id, const std::string& client_id,
                                                       const std::string& secret, host::TokenCache& tokens) {
  write_file(dir / ("secret-" + directory_id), secret + "\n");
  host::TenantSettings tenant;
  tenant.id = "t-" + directory_id.substr(0, 8);
  tenant.directory_id = directory_id;
  tenant.client_id = client_id;
  tenant.client_secret_file = dir / ("secret-" + directory_id);
  host::AzureSettings settings;
  settings.authority = settings.management = settings.graph = emulator.base_url();
  return std::make_unique<host::AzureClientImpl>(
      tenant, settings, tokens, [] { return false; }, spdlog::default_logger());
}

namespace {

// A loopback port nothing is bound to at the moment (SOCK_DGRAM or SOCK_STREAM).
int free_port(int type) {
  const int fd = ::socket(AF_INET, type, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

DnsServer::DnsServer(const std::vector<std::pair<std::string, std::string>>& txt_records)
    : port_(free_port(SOCK_DGRAM)) {
  std::vector<std::string> args{"dnsmasq", "--keep-in-foreground", "--port=" + std::to_string(port_),
                                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                                "--pid-file", "--log-facility=-",
                                // Authoritative for .example: unknown names there get NXDOMAIN, as a real zone answers.
                                "--local=/example/"};
  if (::geteuid() == 0) args.emplace_back("--user=root");
  for (const auto& [name, text] : txt_records)
    args.push_back("--txt-record=" + name + "," + text);  // no shell: no quotes
  pid_ = ::fork();
  if (pid_ == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp("dnsmasq", argv.data());
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // dnsmasq binds at once; give it a moment
}

DnsServer::~DnsServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

int admin_port(const std::string& serve_log) {
  const std::string marker = "admin API listening on 127.0.0.1:";
  const auto at = serve_log.find(marker);
  return at == std::string::npos ? 0 : std::atoi(serve_log.c_str() + at + marker.size());
}

double now_epoch() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool eventually(const std::function<bool()>& check, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    try {
      if (check()) return true;
    } catch (const std::exception&) {  // e.g. the daemon has not created its tables yet
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string backend_name(Backend backend) { return backend == Backend::sqlite ? "SQLite" : "PostgreSQL"; }

void PrintTo(Backend backend, std::ostream* out) { *out << backend_name(backend); }

namespace {

std::string postgres_conninfo() {
  const char* conninfo = std::getenv("GOVSYNC_TEST_POSTGRES");
  if (conninfo == nullptr || *conninfo == '\0') {
    throw std::runtime_error(
        "GOVSYNC_TEST_POSTGRES is not set: run the tests with scripts/test, which starts a PostgreSQL server");
  }
  return conninfo;
}

}  // namespace

TestDatabase::TestDatabase(Backend backend) : backend_(backend) {
  if (backend_ == Backend::sqlite) {
    dir_ = std::make_unique<TempDir>();
    url_ = "sqlite:" + (dir_->path() / "govsync.db").string();
    return;
  }
  static std::atomic<int> counter{0};
  schema_ = "gs_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const auto base = postgres_conninfo();
  {
    host::Database admin(host::DatabaseUrl{host::Dialect::postgresql, base}, 1);
    auto lease = admin.lease();
    lease.session() << "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE", now;
    lease.session() << "CREATE SCHEMA " + schema_, now;
  }
  url_ = "postgresql:" + base + " options=-csearch_path=" + schema_;
}

std::unique_ptr<TestDatabase> TestDatabase::existing(const std::string& url) {
  auto existing = std::make_unique<TestDatabase>(Backend::sqlite);
  existing->backend_ = url.rfind("postgresql:", 0) == 0 ? Backend::postgresql : Backend::sqlite;
  existing->url_ = url;
  return existing;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (backend_ != Backend::postgresql || schema_.empty()) return;
  try {
    host::Database admin(host::DatabaseUrl{host::Dialect::postgresql, postgres_conninfo()}, 1);
    auto lease = admin.lease();
    lease.session() << "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE", now;
  } catch (...) {  // NOLINT(bugprone-empty-catch): best effort; the server is thrown away after the run
  }
}

host::Database& TestDatabase::db() {
  if (!db_) db_ = std::make_unique<host::Database>(host::parse_database_url(url_).value(), 4);
  return *db_;
}

std::int64_t TestDatabase::count(const std::string& sql) {
  auto lease = db().lease();
  Poco::Data::Statement select(lease.session());
  select << sql, now;
  Poco::Data::RecordSet rows(select);
  if (rows.rowCount() == 0) throw std::runtime_error("no row from: " + sql);
  return rows.value(0, 0).convert<Poco::Int64>();
}

double TestDatabase::real(const std::string& sql) {
  auto lease = db().lease();
  Poco::Data::Statement select(lease.session());
  select << sql, now;
  Poco::Data::RecordSet rows(select);
  if (rows.rowCount() == 0 || rows.isNull(0, 0)) throw std::runtime_error("no value from: " + sql);
  return rows.value(0, 0).convert<double>();
}

std::string TestDatabase::epoch(const std::string& column) const {
  if (backend_ == Backend::sqlite) return "((julianday(" + column + ") - 2440587.5) * 86400.0)";
  return "EXTRACT(EPOCH FROM " + column + ")::float8";
}

std::string TestDatabase::text(const std::string& sql) {
  auto lease = db().lease();
  Poco::Data::Statement select(lease.session());
  select << sql, now;
  Poco::Data::RecordSet rows(select);
  if (rows.rowCount() == 0) throw std::runtime_error("no row from: " + sql);
  if (rows.isNull(0, 0)) return {};
  return rows.value(0, 0).convert<std::string>();
}

void TestDatabase::execute(const std::string& sql) {
  auto lease = db().lease();
  lease.session() << sql, now;
}

std::filesystem::path write_config(const TempDir& dir, const std::string& database_url,
                                   const std::filesystem::path& plugin_dir, int tenants, const std::string& extra) {
  std::ostringstream ini;
  // A plugin migrations folder of its own (absent: none), never the system's.
  ini << "[database]\nurl = " << database_url << "\nmigrations_dir = " << migrations_dir().string()
      << "\nplugin_migrations_dir = " << (dir / "migrations.d").string() << "\n\n"
      << "[plugins]\ndir = " << plugin_dir.string() << "\n\n";
  for (int t = 1; t <= tenants; ++t) {
    const auto secret = dir / ("secret-t" + std::to_string(t));
    write_file(secret, "not-a-real-secret-" + std::to_string(t) + "\n");
    ini << "[tenant.t" << t << "]\ndirectory_id = 00000000-0000-0000-0000-00000000000" << t % 10
        << "\nclient_id = 11111111-1111-1111-1111-111111111111\nclient_secret_file = " << secret.string() << "\n\n";
  }
  ini << extra;
  const auto file = dir / "govsync.ini";
  write_file(file, ini.str());
  return file;
}

std::filesystem::path plugin_dir_with(const TempDir& dir, const std::vector<std::string>& fixture_files) {
  const auto plugins = dir / "plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::permissions(plugins, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                            std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                            std::filesystem::perms::others_exec);
  for (const auto& file : fixture_files) {
    std::filesystem::copy_file(fixture_dir() / file, plugins / file, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(plugins / file,
                                 std::filesystem::perms::group_write | std::filesystem::perms::others_write,
                                 std::filesystem::perm_options::remove);
  }
  return plugins;
}

std::filesystem::path fixture_dir() { return GOVSYNC_TEST_FIXTURE_DIR; }
std::filesystem::path migrations_dir() { return GOVSYNC_TEST_SOURCE_DIR "/migrations"; }
std::filesystem::path source_dir() { return GOVSYNC_TEST_SOURCE_DIR; }

}  // namespace govsync::test

namespace govsync::test {

HttpAnswer http_request(int port, const std::string& method, const std::string& target,
                        const std::string& authorization, const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!authorization.empty()) request.set("Authorization", authorization);
  if (!body.empty() || method == "POST") {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  HttpAnswer answer;
  answer.status = static_cast<int>(response.getStatus());
  answer.content_type = response.getContentType();
  answer.allow = response.get("Allow", "");
  Poco::StreamCopier::copyToString(in, answer.body);
  return answer;
}

namespace {

std::filesystem::path postgres_bindir() {
  if (const char* dir = std::getenv("GOVSYNC_PG_BINDIR"); dir != nullptr && *dir != '\0') return dir;
  std::filesystem::path newest;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql")) {
    if (std::filesystem::exists(entry.path() / "bin" / "initdb") && entry.path() > newest) newest = entry.path();
  }
  if (newest.empty()) throw std::runtime_error("PostgreSQL server binaries not found (apt-get install postgresql)");
  return newest / "bin";
}

// Runs a PostgreSQL tool, as the postgres user when this process is root (the server refuses root).
CommandResult run_postgres_tool(const std::string& tool, std::vector<std::string> args) {
  const auto program = postgres_bindir() / tool;
  if (::geteuid() != 0) return run_program(program, args);
  args.insert(args.begin(), {"-u", "postgres", "--", program.string()});
  return run_program("/usr/sbin/runuser", args);
}

}  // namespace

PostgresServer::PostgresServer() : port_(free_port(SOCK_STREAM)) {
  if (::geteuid() == 0) {
    const auto* user = ::getpwnam("postgres");
    if (user == nullptr || ::chown(dir_.path().c_str(), user->pw_uid, user->pw_gid) != 0) {
      throw std::runtime_error("cannot hand " + dir_.path().string() + " to the postgres user");
    }
  }
  const auto init = run_postgres_tool(
      "initdb", {"-D", (dir_ / "data").string(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"});
  if (init.exit_code != 0) throw std::runtime_error("initdb failed: " + init.err + init.out);
  start();
}

PostgresServer::~PostgresServer() {
  thaw();  // a stopped server would not stop
  run_postgres_tool("pg_ctl", {"-D", (dir_ / "data").string(), "-m", "immediate", "-w", "stop"});
}

void PostgresServer::start() {
  const auto result = run_postgres_tool(
      "pg_ctl", {"-D", (dir_ / "data").string(), "-l", (dir_ / "server.log").string(), "-w", "-t", "60", "-o",
                 "-k " + dir_.path().string() + " -p " + std::to_string(port_) +
                     " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                 "start"});
  if (result.exit_code != 0) throw std::runtime_error("pg_ctl start failed: " + result.err + result.out);
}

void PostgresServer::stop() {
  const auto result = run_postgres_tool("pg_ctl", {"-D", (dir_ / "data").string(), "-m", "fast", "-w", "stop"});
  if (result.exit_code != 0) throw std::runtime_error("pg_ctl stop failed: " + result.err + result.out);
}

namespace {

// The postmaster's PID and those of its children (the backends and helpers).
std::vector<pid_t> server_processes(const std::filesystem::path& data) {
  std::ifstream pid_file(data / "postmaster.pid");
  pid_t postmaster = 0;
  pid_file >> postmaster;
  std::vector<pid_t> pids;
  if (postmaster <= 0) return pids;
  pids.push_back(postmaster);
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(line.substr(close + 2));
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    if (parent == postmaster) pids.push_back(std::stoi(name));
  }
  return pids;
}

}  // namespace

void PostgresServer::freeze() {
  for (const auto pid : server_processes(dir_ / "data")) ::kill(pid, SIGSTOP);
}

void PostgresServer::thaw() {
  for (const auto pid : server_processes(dir_ / "data")) ::kill(pid, SIGCONT);
}

std::string PostgresServer::url() const {
  return "postgresql:host=" + dir_.path().string() + " port=" + std::to_string(port_) +
         " user=postgres dbname=postgres";
}

}  // namespace govsync::test
