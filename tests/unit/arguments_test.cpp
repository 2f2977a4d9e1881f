#include "cli/arguments.hpp"

#include <gtest/gtest.h>

namespace govsync::host {
namespace {

const std::vector<OptionSpec> kSpecs{{"config"}, {"domain", true, true}, {"json", false, false}};

TEST(ParseArguments, ReadsValuesFlagsAndRepeats) {
  auto args = parse_arguments("run", {"--config", "a.ini", "--domain=x", "--domain", "y", "--json"}, kSpecs);
  ASSERT_TRUE(args.ok()) << args.error().message;
  EXPECT_EQ(args->value("config"), "a.ini");
  EXPECT_EQ(args->all("domain"), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(args->has("json"));
}

TEST(ParseArguments, RejectsUnknownMissingAndRepeatedOptions) {
  EXPECT_NE(parse_arguments("run", {"--bogus"}, kSpecs).error().message.find("unknown option --bogus"),
            std::string::npos);
  EXPECT_NE(parse_arguments("run", {"--config"}, kSpecs).error().message.find("needs a value"), std::string::npos);
  EXPECT_NE(parse_arguments("run", {"--config", "a", "--config", "b"}, kSpecs).error().message.find("given twice"),
            std::string::npos);
  EXPECT_NE(parse_arguments("run", {"stray"}, kSpecs).error().message.find("unexpected argument"), std::string::npos);
  EXPECT_FALSE(parse_arguments("run", {"--json=1"}, kSpecs).ok());
}

TEST(ParseArguments, KeepsOperandsUpToTheirLimit) {
  auto args = parse_arguments("plugins", {"costs", "--config", "a.ini"}, kSpecs, 1);
  ASSERT_TRUE(args.ok()) << args.error().message;
  EXPECT_EQ(args->operands, (std::vector<std::string>{"costs"}));
  EXPECT_EQ(args->value("config"), "a.ini");
  EXPECT_NE(
      parse_arguments("plugins", {"costs", "dmarc"}, kSpecs, 1).error().message.find("unexpected argument 'dmarc'"),
      std::string::npos);
}

TEST(ParseArguments, AlwaysAcceptsHelp) { EXPECT_TRUE(parse_arguments("run", {"--help"}, {}).value().has("help")); }

}  // namespace
}  // namespace govsync::host
