// Architecture fitness functions: the structural guarantees govsync makes
// because the system it replaces broke them. Each fails if a guarantee regresses.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <regex>

#include "config/config_loader.hpp"
#include "db/schema_catalog.hpp"
#include "migrate/migrator.hpp"
#include "schedule/domain_timing.hpp"
#include "source_scan.hpp"
#include "test_support.hpp"
#include "truncate/truncation_service.hpp"
#include "truncate/utf8_fit.hpp"

namespace govsync::test {
namespace {

std::string describe(const std::vector<Violation>& violations) {
  std::string text;
  for (const auto& v : violations) text += v.file.string() + ":" + std::to_string(v.line) + ": " + v.text + "\n";
  return text;
}

// FF-1: policy_name is at least 1000 wide after migrations, on both dialects.
class PolicyNameWidth : public ::testing::TestWithParam<Backend> {};

TEST_P(PolicyNameWidth, IsAtLeast1000AfterMigrate) {
  TestDatabase t(GetParam());
  ASSERT_TRUE(
      host::apply_migrations(t.db(), host::discover_migrations(migrations_dir(), t.db().dialect()).value()).ok());
  auto lease = t.db().lease();
  const auto catalog = host::SchemaCatalog::read(lease.session(), t.db().dialect());
  const auto width = catalog.width("policy_states", "policy_name");
  ASSERT_TRUE(width.has_value());
  EXPECT_GE(*width, 1000U);
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyNameWidth, ::testing::Values(Backend::sqlite, Backend::postgresql),
                         [](const auto& param_info) { return backend_name(param_info.param); });

// FF-2: the truncator contract.
TEST(TruncatorContract, EmptyAndShortAreUnchangedAndLongIsCutOnACodePoint) {
  EXPECT_EQ(host::fit_utf8("", 10).text, "");
  EXPECT_FALSE(host::fit_utf8("", 10).cut);
  EXPECT_EQ(host::fit_utf8("short", 10).text, "short");
  std::string long_text;
  for (int i = 0; i < 600; ++i) long_text += "\xC3\xA9";  // é
  const auto cut = host::fit_utf8(long_text, 255);
  EXPECT_TRUE(cut.cut);
  EXPECT_EQ(host::utf8_length(cut.text), 255U);
  EXPECT_EQ(host::repair_utf8(cut.text), cut.text);
}

TEST(TruncatorContract, TheServiceTakesWidthsFromTheLiveSchema) {
  TestDatabase t(Backend::sqlite);
  ASSERT_TRUE(
      host::apply_migrations(t.db(), host::discover_migrations(migrations_dir(), t.db().dialect()).value(), 8).ok());
  auto read = [&] {
    auto lease = t.db().lease();
    return host::SchemaCatalog::read(lease.session(), t.db().dialect());
  };
  const std::string name(700, 'x');
  const auto before = read();
  host::TruncationService at8(before, spdlog::default_logger(), "p", "t", 1);
  EXPECT_EQ(at8.fit("policy_states", "policy_name", name, "k").size(), 255U);
  ASSERT_TRUE(
      host::apply_migrations(t.db(), host::discover_migrations(migrations_dir(), t.db().dialect()).value()).ok());
  const auto after = read();
  host::TruncationService at9(after, spdlog::default_logger(), "p", "t", 1);
  EXPECT_EQ(at9.fit("policy_states", "policy_name", name, "k").size(), 700U);
  EXPECT_EQ(at9.fit("policy_states", "policy_name", "", "k"), "");
}

// FF-3: plugins never own database sessions; the host hands them one per run.
TEST(PluginBoundaries, NoPluginConstructsOrKeepsASession) {
  std::vector<Violation> violations;
  for (const auto& file : source_files(source_dir() / "plugins")) {
    auto found = session_ownership_violations(file, read_file(file));
    violations.insert(violations.end(), found.begin(), found.end());
  }
  EXPECT_TRUE(violations.empty()) << describe(violations);
}

TEST(PluginBoundaries, TheSessionScanCatchesEachForbiddenForm) {
  for (const char* bad :
       {"Poco::Data::Session session(\"SQLite\", \"x.db\");", "Poco::Data::SessionPool pool(\"x\", \"y\");",
        "auto s = Poco::Data::Session(\"PostgreSQL\", conninfo);", "static Poco::Data::Session* cached = nullptr;",
        "Session own(\"SQLite\", path);", "SessionFactory::instance().create(k, c);"}) {
    EXPECT_EQ(session_ownership_violations("x.cpp", bad).size(), 1U) << bad;
  }
  EXPECT_TRUE(session_ownership_violations("x.cpp", "ctx.session() << \"SELECT 1\", now;").empty());
}

TEST(PluginBoundaries, PluginsIncludeOnlyTheSdk) {
  std::vector<Violation> violations;
  for (const auto& file : source_files(source_dir() / "plugins")) {
    auto found = host_include_violations(file, read_file(file));
    violations.insert(violations.end(), found.begin(), found.end());
  }
  EXPECT_TRUE(violations.empty()) << describe(violations);
  EXPECT_EQ(host_include_violations("x.cpp", "#include \"db/database.hpp\"").size(), 1U);
  EXPECT_TRUE(host_include_violations("x.cpp", "#include <govsync/plugin.hpp>").empty());
}

// FF-4: every enabled domain in the shipped configs gets an explicit first
// run at start, within a minute (the original's interval jobs waited hours).
TEST(StaggeredStartup, EveryEnabledDomainInTheShippedConfigsRunsWithinAMinuteOfStart) {
  std::vector<std::filesystem::path> configs;
  for (const char* dir : {"examples", "packaging"}) {
    if (!std::filesystem::is_directory(source_dir() / dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() / dir)) {
      if (entry.path().extension() == ".ini") configs.push_back(entry.path());
    }
  }
  ASSERT_GE(configs.size(), 2U) << "the example and demo configurations are missing";
  for (const auto& original : configs) {
    // Checked in a copy, with the secret files its tenants name, so it validates as installed.
    TempDir dir;
    std::filesystem::copy_file(original, dir / "govsync.ini");
    for (int t = 1; t <= 9; ++t) write_file(dir / "secrets" / ("t" + std::to_string(t)), "secret\n");
    const auto settings = host::load_settings(dir / "govsync.ini");
    ASSERT_TRUE(settings.ok()) << original << ": " << settings.error().message;
    const auto timings = host::domain_timings(*settings);
    std::size_t enabled = 0;
    for (const auto& d : settings->domains) enabled += d.enabled ? 1 : 0;
    ASSERT_EQ(timings.size(), enabled) << original;
    const auto start = host::WallClock::now();
    host::Schedule schedule(1);
    schedule.configure(timings, {"any-tenant"}, start, {});
    for (const auto& t : timings) {
      const auto due = schedule.next_due({t.name, "any-tenant"});
      ASSERT_TRUE(due.has_value()) << original << ": " << t.name << " has no first run";
      EXPECT_LE(*due - start, std::chrono::seconds(60)) << original << ": " << t.name;
    }
  }
}

// FF-5: no stub, mock or placeholder code where production code lives.
TEST(NoDeadCode, NoStubMockOrPlaceholderInHostSdkOrPlugins) {
  std::vector<Violation> violations;
  for (const char* dir : {"host", "sdk", "plugins"}) {
    for (const auto& file : source_files(source_dir() / dir)) {
      auto found = stub_word_violations(file, read_file(file));
      violations.insert(violations.end(), found.begin(), found.end());
    }
  }
  EXPECT_TRUE(violations.empty()) << describe(violations);
  EXPECT_EQ(stub_word_violations("x.cpp", "// returns mock data until the API is ready").size(), 1U);
  EXPECT_EQ(stub_word_violations("x.cpp", "class PlaceholderService {};").size(), 0U);  // whole words only
  EXPECT_EQ(stub_word_violations("x.cpp", "return placeholder_rows();").size(), 0U);
  EXPECT_EQ(stub_word_violations("x.cpp", "throw std::logic_error(\"not implemented\");").size(), 1U);
}

// FF-6: the migration that widens policy_name exists and says what it does.
TEST(MigrationGuard, Migration009WidensPolicyNameTo1000) {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "migrations")) {
    if (entry.path().filename().string().rfind("009_widen_policy_name", 0) == 0) found.push_back(entry.path());
  }
  ASSERT_FALSE(found.empty()) << "migrations/009_widen_policy_name* is missing";
  for (const auto& file : found) {
    const auto text = read_file(file);
    EXPECT_NE(text.find("policy_name"), std::string::npos) << file;
    EXPECT_TRUE(std::regex_search(text, std::regex(R"(policy_name\s+(TYPE\s+)?VARCHAR\(1000\))"))) << file;
  }
}

}  // namespace
}  // namespace govsync::test
