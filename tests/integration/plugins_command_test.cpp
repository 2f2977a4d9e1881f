// `govsync plugins`: each plugin's configuration keys with description,
// default and whether required, whether plugins load in worker processes
// (isolation = process, the default: the keys cross the worker channel) or here.
#include <gtest/gtest.h>

#include <regex>

#include "test_support.hpp"

namespace govsync::test {
namespace {

bool matches(const std::string& text, const std::string& pattern) {
  return std::regex_search(text, std::regex(pattern));
}

TEST(PluginsCommand, ShowsEachPluginsKeysWithDescriptionDefaultAndWhetherRequired) {
  for (const std::string isolation : {"process", "thread"}) {
    TempDir dir;
    const auto config = write_config(dir, "sqlite:" + (dir / "db.sqlite").string(),
                                     plugin_dir_with(dir, {"fixture_counter.so", "fixture_policy.so"}), 1,
                                     "[plugins]\nisolation = " + isolation + "\n");
    const auto all = run_govsync({"plugins", "--config", config.string()});
    EXPECT_EQ(all.exit_code, 0) << isolation << all.out << all.err;
    EXPECT_TRUE(matches(all.out, R"(\[domain\.fixture_counter\]: test fixture writing resources\n)")) << all.out;
    EXPECT_TRUE(matches(all.out, R"(KEY +DEFAULT +REQUIRED +DESCRIPTION\n)")) << all.out;
    EXPECT_TRUE(matches(all.out, R"(\ncount +2 +no +resources per tenant\n)")) << isolation << all.out;
    EXPECT_TRUE(matches(all.out, R"(\nthrow_tenants +- +no +tenants whose sync throws after writing rows\n)"))
        << isolation << all.out;
    EXPECT_TRUE(matches(all.out, R"(\ncategory +Storage +no +the category of every row)")) << all.out;
    EXPECT_TRUE(matches(all.out, "also takes enabled, interval, offset, run_timeout and max_delete_fraction"))
        << all.out;

    const auto one = run_govsync({"plugins", "fixture_counter", "--config", config.string()});
    EXPECT_EQ(one.exit_code, 0) << isolation << one.out << one.err;
    EXPECT_TRUE(matches(one.out, R"(\ncount +2 +no +resources per tenant\n)")) << one.out;
    EXPECT_EQ(one.out.find("fixture_policy"), std::string::npos) << "only the plugin named:\n" << one.out;

    const auto unknown = run_govsync({"plugins", "fixture_nothing", "--config", config.string()});
    EXPECT_EQ(unknown.exit_code, 1) << unknown.out << unknown.err;
    EXPECT_NE(unknown.err.find("no plugin named 'fixture_nothing' loaded (loaded: fixture_counter, fixture_policy)"),
              std::string::npos)
        << unknown.err;
  }
}

}  // namespace
}  // namespace govsync::test
