#include "test_support.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <unistd.h>

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

CommandResult run_govsync(const std::vector<std::string>& args) { return run_program(GOVSYNC_TEST_BINARY, args); }

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

TestDatabase::~TestDatabase() {
  db_.reset();
  if (backend_ != Backend::postgresql) return;
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
  ini << "[database]\nurl = " << database_url << "\nmigrations_dir = " << migrations_dir().string() << "\n\n"
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
