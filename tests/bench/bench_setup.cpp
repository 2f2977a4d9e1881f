#include "bench_setup.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "test_paths.hpp"

namespace govsync::bench {
namespace {

constexpr const char* kClientId = "c0000000-0000-4000-8000-00000000000c";
constexpr const char* kSecret = "bench-secret";

std::filesystem::path plugin_folder(const test::TempDir& dir) {
  const auto plugins = dir / "plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::permissions(plugins, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                            std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                            std::filesystem::perms::others_exec);
  return plugins;
}

void copy_plugin(const std::filesystem::path& from, const std::filesystem::path& plugins) {
  const auto to = plugins / from.filename();
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(to, std::filesystem::perms::group_write | std::filesystem::perms::others_write,
                               std::filesystem::perm_options::remove);
}

}  // namespace

std::string tenant_directory_id(int n) {
  char id[40];
  std::snprintf(id, sizeof id, "b0000000-0000-4000-8000-%012d", n);
  return id;
}

std::string emulator_scenario(int tenants, int latency_ms, const std::string& extra_fields) {
  std::ostringstream json;
  json << R"({"seed": 8, "tenants": [)";
  for (int t = 1; t <= tenants; ++t) {
    json << (t > 1 ? "," : "") << R"({"directory_id": ")" << tenant_directory_id(t) << R"(", "client_id": ")"
         << kClientId << R"(", "client_secret": ")" << kSecret << R"(", "subscriptions": 1, "page_size": 1000, )"
         << R"("domains": ["bench)" << t << R"(.example"], "latency_ms": )" << latency_ms
         << (extra_fields.empty() ? "" : ", " + extra_fields) << "}";
  }
  json << "]}";
  return json.str();
}

std::filesystem::path bundled_plugins(const test::TempDir& dir) {
  const auto plugins = plugin_folder(dir);
  for (const char* name : {"compliance.so", "costs.so", "dmarc.so", "identity.so", "resources.so"})
    copy_plugin(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / name, plugins);
  return plugins;
}

std::filesystem::path fixture_plugins(const test::TempDir& dir, const std::vector<std::string>& files) {
  const auto plugins = plugin_folder(dir);
  for (const auto& file : files) copy_plugin(test::fixture_dir() / file, plugins);
  return plugins;
}

std::string bundled_domains_config(const std::string& each) {
  std::string config;
  for (const char* name : {"compliance", "costs", "identity", "resources"})
    config += std::string("[domain.") + name + "]\nenabled = true\n" + each;
  return config + "[domain.dmarc]\nenabled = true\nmailbox = dmarc@{tenant}.example\ncheck_dns = false\n" + each;
}

std::filesystem::path write_bench_config(const test::TempDir& dir, const std::string& database_url, int pool_size,
                                         const std::filesystem::path& plugins, int tenants,
                                         const std::string& emulator_url, const std::string& extra,
                                         const std::string& isolation) {
  const auto secret = dir / "secret";
  test::write_file(secret, std::string(kSecret) + "\n");
  std::ostringstream ini;
  ini << "[database]\nurl = " << database_url << "\nmigrations_dir = " << test::migrations_dir().string()
      << "\npool_size = " << pool_size << "\n\n[plugins]\ndir = " << plugins.string() << "\nisolation = " << isolation
      << "\n\n";
  if (!emulator_url.empty()) {
    ini << "[azure]\nauthority = " << emulator_url << "\nmanagement = " << emulator_url << "\ngraph = " << emulator_url
        << "\n\n";
  }
  for (int t = 1; t <= tenants; ++t) {
    ini << "[tenant.bench" << t << "]\ndirectory_id = " << tenant_directory_id(t) << "\nclient_id = " << kClientId
        << "\nclient_secret_file = " << secret.string() << "\n\n";
  }
  ini << extra;
  const auto file = dir / "govsync.ini";
  test::write_file(file, ini.str());
  return file;
}

std::vector<std::string> isolation_modes(const std::string& list) {
  std::vector<std::string> modes;
  std::stringstream items(list);
  for (std::string item; std::getline(items, item, ',');) {
    if (item != "thread" && item != "process")
      throw std::invalid_argument("isolation '" + item + "': thread or process");
    modes.push_back(item);
  }
  return modes;
}

double ledger_span_seconds(test::TestDatabase& db, const std::string& where) {
  return db.real("SELECT MAX(" + db.epoch("finished_at") + ") - MIN(" + db.epoch("started_at") +
                 ") FROM sync_runs WHERE " + where);
}

std::string conninfo_of(const std::string& url) { return url.substr(url.find(':') + 1); }

std::vector<int> numbers(const std::string& list) {
  std::vector<int> values;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) values.push_back(std::stoi(item));
  return values;
}

bool postgres_available() {
  const char* conninfo = std::getenv("GOVSYNC_TEST_POSTGRES");
  return conninfo != nullptr && *conninfo != '\0';
}

}  // namespace govsync::bench
