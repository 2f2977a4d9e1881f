// The dmarc plugin's published policies end to end, on both backends: the
// tenant's domains from the emulator, TXT records from dnsmasq on loopback.
// A failed lookup keeps the last known policy with the error and its time; a
// later successful lookup clears them; two v=DMARC1 records are no policy; a
// bad dns_server is refused when the configuration is checked.
#include "backend_param.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

const std::string kPolicy = "v=DMARC1; p=reject; sp=quarantine; pct=50; rua=mailto:dmarc@t1.example";

std::filesystem::path dmarc_config(const TempDir& dir, const std::string& database_url, const std::string& emulator_url,
                                   const std::string& dns_server) {
  const auto plugins = dir / "plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / "dmarc.so", plugins / "dmarc.so",
                             std::filesystem::copy_options::overwrite_existing);
  return write_config(dir, database_url, plugins, 1,
                      "[azure]\nauthority = " + emulator_url + "\nmanagement = " + emulator_url + "\ngraph = " +
                          emulator_url + "\n[domain.dmarc]\nenabled = true\ndns_server = " + dns_server + "\n");
}

class DmarcDns : public OnEachBackend {
 protected:
  // One tenant with two verified domains, no mailbox reports.
  static std::string scenario() {
    return R"({"seed": 3, "tenants": [{"directory_id": "00000000-0000-0000-0000-000000000001",
        "client_id": "11111111-1111-1111-1111-111111111111", "client_secret": "not-a-real-secret-1",
        "domains": ["t1.example", "nopolicy.example"], "dmarc_reports": []}]})";
  }
  void run_with(const std::string& emulator_url, const std::string& dns_server) {
    const auto file = dmarc_config(dir_, db_.url(), emulator_url, dns_server);
    const auto result = run_govsync({"run", "--config", file.string()});
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  }
  std::int64_t rows(const std::string& where) {
    return db_.count("SELECT COUNT(*) FROM dmarc_domain_policies WHERE " + where);
  }

  TestDatabase db_{GetParam()};
  TempDir dir_;
};

TEST_P(DmarcDns, AFailedLookupKeepsTheLastKnownPolicyAndASuccessfulOneClearsTheError) {
  EmulatorProcess emulator(scenario());
  std::string gone_server;
  {
    DnsServer dns({{"_dmarc.t1.example", kPolicy}});
    gone_server = dns.address();
    run_with(emulator.base_url(), gone_server);
  }
  ASSERT_EQ(rows("domain = 't1.example' AND policy = 'reject' AND lookup_error IS NULL AND lookup_failed_at IS NULL"),
            1);
  const double before = now_epoch();

  // The resolver is gone: both lookups fail; nothing known is lost, and the rows stay.
  run_with(emulator.base_url(), gone_server);
  EXPECT_EQ(rows("1 = 1"), 2);
  EXPECT_EQ(db_.text("SELECT record FROM dmarc_domain_policies WHERE domain = 't1.example'"), kPolicy);
  EXPECT_EQ(rows("domain = 't1.example' AND policy = 'reject' AND subdomain_policy = 'quarantine' AND pct = 50 AND "
                 "rua = 'mailto:dmarc@t1.example'"),
            1);
  EXPECT_NE(db_.text("SELECT lookup_error FROM dmarc_domain_policies WHERE domain = 't1.example'")
                .find("TXT lookup of _dmarc.t1.example at " + gone_server + " failed"),
            std::string::npos);
  EXPECT_GE(
      db_.real("SELECT " + db_.epoch("lookup_failed_at") + " FROM dmarc_domain_policies WHERE domain = 't1.example'"),
      before - 1);
  EXPECT_EQ(rows("domain = 'nopolicy.example' AND policy IS NULL AND record IS NULL AND lookup_error IS NOT NULL AND "
                 "lookup_failed_at IS NOT NULL"),
            1);

  // Answered again (with a new policy): the error and its time are cleared.
  const DnsServer dns(
      std::vector<std::pair<std::string, std::string>>{{"_dmarc.t1.example", "v=DMARC1; p=quarantine"}});
  run_with(emulator.base_url(), dns.address());
  EXPECT_EQ(rows("domain = 't1.example' AND policy = 'quarantine' AND pct IS NULL AND lookup_error IS NULL AND "
                 "lookup_failed_at IS NULL"),
            1);
  EXPECT_EQ(
      rows("domain = 'nopolicy.example' AND policy IS NULL AND lookup_error IS NULL AND lookup_failed_at IS NULL"), 1);
}

TEST_P(DmarcDns, TwoDmarcRecordsAreNoPolicyAndTheRowSaysWhy) {
  EmulatorProcess emulator(scenario());
  {
    DnsServer dns({{"_dmarc.t1.example", kPolicy}});
    run_with(emulator.base_url(), dns.address());
  }
  ASSERT_EQ(rows("domain = 't1.example' AND policy = 'reject' AND policy_note IS NULL"), 1);
  DnsServer dns({{"_dmarc.t1.example", kPolicy}, {"_dmarc.t1.example", "v=DMARC1; p=none"}});
  run_with(emulator.base_url(), dns.address());
  EXPECT_EQ(rows("domain = 't1.example' AND policy IS NULL AND record IS NULL AND subdomain_policy IS NULL AND "
                 "pct IS NULL AND rua IS NULL AND lookup_error IS NULL"),
            1);
  EXPECT_NE(db_.text("SELECT policy_note FROM dmarc_domain_policies WHERE domain = 't1.example'")
                .find("2 TXT records start with v=DMARC1: no policy applies (RFC 7489 section 6.6.3)"),
            std::string::npos);
}

GOVSYNC_ON_EACH_BACKEND(DmarcDns);

TEST(DmarcDnsConfig, ABadDnsServerIsRefusedByCheckConfigNamingTheKeyAndValue) {
  for (const std::string bad : {"127.0.0.1:70000", "127.0.0.1:0", "127.0.0.1:dns", "resolver.example:53"}) {
    TempDir dir;
    const auto file = dmarc_config(dir, "sqlite:" + (dir / "db.sqlite").string(), "http://127.0.0.1:9", bad);
    const auto result = run_govsync(check_config_command(file.string()));
    EXPECT_EQ(result.exit_code, 78) << bad << result.out << result.err;
    EXPECT_NE(result.err.find("[domain.dmarc]"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("dns_server = '" + bad + "'"), std::string::npos) << result.err;
  }
}

}  // namespace
}  // namespace govsync::test
