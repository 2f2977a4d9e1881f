#pragma once
// One emulator tenant for the benchmarks that drive the Azure client directly:
// its scenario and the tenant settings (with a secret file) that reach it.
#include <filesystem>
#include <string>

#include "config/settings.hpp"
#include "test_support.hpp"

namespace govsync::test {

inline constexpr const char* kBenchDirectory = "aaaaaaaa-0000-0000-0000-000000000009";
inline constexpr const char* kBenchClient = "cccccccc-0000-0000-0000-000000000009";

/// A scenario of that one tenant with `fields` (JSON members, without braces) added.
inline std::string bench_scenario(const std::string& fields) {
  return std::string(R"({"seed": 1, "tenants": [{"directory_id": ")") + kBenchDirectory + R"(", "client_id": ")" +
         kBenchClient + R"(", "client_secret": "bench", )" + fields + "}]}";
}

/// The tenant's settings; its secret is written into `dir`.
inline host::TenantSettings bench_tenant(const std::filesystem::path& dir) {
  write_file(dir / "secret", "bench\n");
  host::TenantSettings tenant;
  tenant.id = "bench";
  tenant.directory_id = kBenchDirectory;
  tenant.client_id = kBenchClient;
  tenant.client_secret_file = dir / "secret";
  return tenant;
}

}  // namespace govsync::test
