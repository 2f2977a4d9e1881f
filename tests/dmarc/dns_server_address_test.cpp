// parse_dns_server: the dmarc plugin's dns_server key, "ADDRESS[:PORT]".
#include "dns_server_address.hpp"

#include <gtest/gtest.h>

namespace govsync::test {
namespace {

using dmarc::parse_dns_server;

TEST(DnsServerAddress, EmptyMeansTheSystemResolver) {
  const auto parsed = parse_dns_server("");
  EXPECT_EQ(parsed.error, "");
  EXPECT_FALSE(parsed.server.has_value());
}

TEST(DnsServerAddress, AnAddressAloneUsesPort53AndAPortFrom1To65535IsTaken) {
  for (const auto& [text, port] : std::vector<std::pair<std::string, int>>{
           {"192.0.2.1", 53}, {"127.0.0.1:1", 1}, {"127.0.0.1:5353", 5353}, {"127.0.0.1:65535", 65535}}) {
    const auto parsed = parse_dns_server(text);
    EXPECT_EQ(parsed.error, "") << text;
    ASSERT_TRUE(parsed.server.has_value()) << text;
    EXPECT_EQ(parsed.server->port, port) << text;
  }
  EXPECT_EQ(parse_dns_server("10.1.2.3:53").server->address, "10.1.2.3");
}

TEST(DnsServerAddress, ABadPortIsRefusedNamingTheKeyAndTheValue) {
  for (const std::string text :
       {"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:70000", "127.0.0.1:-53", "127.0.0.1:", "127.0.0.1:dns",
        "127.0.0.1:53x", "127.0.0.1: 53", "127.0.0.1:+53", "127.0.0.1:99999999999999999999", "127.0.0.1:53:53"}) {
    const auto parsed = parse_dns_server(text);
    EXPECT_FALSE(parsed.server.has_value()) << text;
    EXPECT_NE(parsed.error.find("dns_server = '" + text + "'"), std::string::npos) << parsed.error;
    EXPECT_NE(parsed.error.find("1 to 65535"), std::string::npos) << parsed.error;
  }
}

TEST(DnsServerAddress, AnAddressThatIsNotIPv4IsRefusedNamingTheKeyAndTheValue) {
  for (const std::string text :
       {"localhost", "::1", "[::1]:53", "256.0.0.1", "127.0.0", "dns.example:53", " 1.2.3.4"}) {
    const auto parsed = parse_dns_server(text);
    EXPECT_FALSE(parsed.server.has_value()) << text;
    EXPECT_NE(parsed.error.find("dns_server = '" + text + "'"), std::string::npos) << parsed.error;
    EXPECT_NE(parsed.error.find("not an IPv4 address"), std::string::npos) << parsed.error;
  }
}

}  // namespace
}  // namespace govsync::test
