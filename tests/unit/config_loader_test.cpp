#include "config/config_loader.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace govsync::host {
namespace {

using test::TempDir;
using test::write_file;

TEST(LoadSettings, ReadsEverySectionAndKeepsDefaults) {
  TempDir dir;
  write_file(dir / "secret", "s3cret\n");
  write_file(dir / "govsync.ini",
             "[database]\nurl = postgresql:host=db dbname=govsync\n"
             "[scheduler]\nconcurrency = 8\nstagger = 1m\n"
             "[tenant.contoso]\ndirectory_id = 00000000-0000-0000-0000-000000000001\n"
             "client_id = 11111111-1111-1111-1111-111111111111\nclient_secret_file = " +
                 (dir / "secret").string() +
                 "\nsubscriptions = 6F1C4F2E-0000-4000-8000-00000000000A, 6f1c4f2e-0000-4000-8000-00000000000b\n"
                 "[domain.compliance]\nenabled = true\ninterval = 4h\nlookback = 3\n");
  const auto settings = load_settings(dir / "govsync.ini");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->database.url, "postgresql:host=db dbname=govsync");
  EXPECT_EQ(settings->scheduler.concurrency, 8);
  EXPECT_EQ(settings->scheduler.stagger, std::chrono::seconds(60));
  EXPECT_EQ(settings->scheduler.ghost_after, std::chrono::minutes(30));  // default
  ASSERT_EQ(settings->tenants.size(), 1U);
  EXPECT_EQ(settings->tenants[0].subscriptions,
            (std::vector<std::string>{"6f1c4f2e-0000-4000-8000-00000000000a", "6f1c4f2e-0000-4000-8000-00000000000b"}));
  ASSERT_NE(settings->domain("compliance"), nullptr);
  EXPECT_TRUE(settings->domain("compliance")->enabled);
  EXPECT_EQ(settings->domain("compliance")->interval, std::chrono::hours(4));
  // Keys the host does not know wait for the plugin's declaration.
  EXPECT_EQ(settings->domain("compliance")->plugin_keys.at("lookback"), "3");
}

TEST(LoadSettings, DropInsOverrideInNameOrder) {
  TempDir dir;
  write_file(dir / "govsync.ini", "[scheduler]\nconcurrency = 2\n[domain.costs]\nenabled = false\n");
  write_file(dir / "conf.d" / "20-late.ini", "[scheduler]\nconcurrency = 6\n");
  write_file(dir / "conf.d" / "10-early.ini", "[scheduler]\nconcurrency = 3\n[domain.costs]\nenabled = true\n");
  write_file(dir / "conf.d" / "ignored.txt", "[nonsense]\n");
  const auto settings = load_settings(dir / "govsync.ini");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->files.size(), 3U);
  EXPECT_EQ(settings->scheduler.concurrency, 6);
  EXPECT_TRUE(settings->domain("costs")->enabled);
}

TEST(LoadSettings, ErrorsNameTheFileOfTheBadKey) {
  TempDir dir;
  write_file(dir / "govsync.ini", "[scheduler]\nconcurrency = 2\n");
  write_file(dir / "conf.d" / "50-bad.ini", "[scheduler]\nheartbeat = soon\n");
  const auto settings = load_settings(dir / "govsync.ini");
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.error().message.find("50-bad.ini:2: [scheduler] heartbeat"), std::string::npos)
      << settings.error().message;
}

TEST(LoadSettings, AcceptsCommentsAndKeepsFileOrder) {
  TempDir dir;
  write_file(dir / "govsync.ini",
             "# govsync\n; also a comment\n\n[domain.zeta]\nenabled = true\n  # indented comment\n"
             "[domain.alpha]\nenabled = false\n");
  const auto settings = load_settings(dir / "govsync.ini");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  ASSERT_EQ(settings->domains.size(), 2U);
  EXPECT_EQ(settings->domains[0].name, "zeta");  // file order: it decides the stagger position
  EXPECT_EQ(settings->domains[1].name, "alpha");
}

TEST(LoadSettings, RefusesMalformedLines) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"[scheduler]\nconcurrency = 2\nconcurrency = 3\n", "govsync.ini:3: [scheduler] concurrency is set twice"},
      {"[scheduler]\njust some words\n", "govsync.ini:2: expected 'key = value'"},
      {"[scheduler\n", "govsync.ini:1: a section header is [name]"},
      {"[scheduler]\nConcurrency = 2\n", "govsync.ini:2: 'Concurrency' is not a key name"},
      {"[plugins]\ndir = /usr/lib/govsync/plugins  # bundled\n",
       "govsync.ini:2: [plugins] dir: looks like it ends in a comment"},
  };
  for (const auto& [ini, expected] : cases) {
    TempDir dir;
    write_file(dir / "govsync.ini", ini);
    const auto settings = load_settings(dir / "govsync.ini");
    ASSERT_FALSE(settings.ok()) << ini;
    EXPECT_NE(settings.error().message.find(expected), std::string::npos) << settings.error().message;
  }
}

TEST(LoadSettings, WarnsAboutSecretFilesOthersCanRead) {
  TempDir dir;
  write_file(dir / "secret", "s\n");
  std::filesystem::permissions(dir / "secret", std::filesystem::perms::owner_read |
                                                   std::filesystem::perms::owner_write |
                                                   std::filesystem::perms::others_read);
  write_file(dir / "govsync.ini",
             "[tenant.x]\ndirectory_id = 00000000-0000-0000-0000-000000000001\n"
             "client_id = 11111111-1111-1111-1111-111111111111\nclient_secret_file = " +
                 (dir / "secret").string() + "\n");
  const auto settings = load_settings(dir / "govsync.ini");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  ASSERT_EQ(settings->warnings.size(), 1U);
  EXPECT_NE(settings->warnings[0].find("chmod 600"), std::string::npos);
}

TEST(LoadSettings, MissingFileIsAnError) {
  const auto settings = load_settings("/nonexistent/govsync.ini");
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.error().message.find("/nonexistent/govsync.ini"), std::string::npos);
}

TEST(LoadSettings, SecretsNeverAppearInErrors) {
  TempDir dir;
  write_file(dir / "secret", "TOP-SECRET-VALUE\n");
  write_file(dir / "govsync.ini",
             "[tenant.x]\ndirectory_id = nope\nclient_id = 11111111-1111-1111-1111-111111111111\n"
             "client_secret_file = " +
                 (dir / "secret").string() + "\n");
  const auto settings = load_settings(dir / "govsync.ini");
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.error().message.find("TOP-SECRET-VALUE"), std::string::npos);
}

}  // namespace
}  // namespace govsync::host
