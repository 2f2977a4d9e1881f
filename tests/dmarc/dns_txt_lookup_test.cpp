// lookup_txt against a DNS server on loopback that this test controls byte by
// byte: a TXT set larger than any fixed buffer (truncated over UDP, whole over
// TCP), a server that never answers, NXDOMAIN, SERVFAIL, several records.
#include "dns_txt_lookup.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "dmarc_policy.hpp"
#include "loopback_dns_server.hpp"

namespace govsync::test {
namespace {

using dmarc::lookup_txt;

const std::string kName = "_dmarc.example.test";

// Every byte value, NUL and 0xff included, so any stray or missing byte shows.
std::string all_bytes(std::size_t size, unsigned seed) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>((i * 7 + seed) % 256);
  return text;
}

// About 9 KB of TXT records: a long v=DMARC1 record and two of raw bytes, one
// of them made of character-strings of uneven length (an empty one too).
std::vector<TxtStrings> large_txt_set() {
  std::string rua = "v=DMARC1; p=reject; sp=quarantine; pct=100; rua=";
  for (int i = 0; rua.size() < 3000; ++i) rua += "mailto:dmarc-reports-" + std::to_string(i) + "@example.test,";
  rua += "mailto:last@example.test";
  TxtStrings uneven{all_bytes(1, 1), all_bytes(255, 2), "", all_bytes(100, 3)};
  for (int i = 0; i < 12; ++i) uneven.push_back(all_bytes(200 + static_cast<std::size_t>(i), 4 + i));
  return {txt_strings(rua), txt_strings(all_bytes(3000, 9)), uneven};
}

std::string joined(const TxtStrings& strings) {
  std::string text;
  for (const auto& s : strings) text += s;
  return text;
}

TEST(DnsTxtLookup, ReadsATxtSetOfNineKilobytesWholeOverTcpAfterATruncatedUdpAnswer) {
  const auto set = large_txt_set();
  std::size_t total = 0;
  for (const auto& strings : set) total += joined(strings).size();
  ASSERT_GT(total, 8192U + 512U);  // larger than the old 8 KiB buffer
  LoopbackDnsServer server({{{kName, set}}, false, 0});
  const auto result = lookup_txt(kName, server.address());
  EXPECT_EQ(result.error, "");
  ASSERT_EQ(result.records.size(), set.size());
  for (std::size_t i = 0; i < set.size(); ++i) {
    EXPECT_TRUE(result.records[i] == joined(set[i]))
        << "record " << i << " differs: " << result.records[i].size() << " bytes, expected " << joined(set[i]).size();
  }
  EXPECT_GE(server.truncated_answers(), 1);
  EXPECT_GE(server.tcp_queries(), 1);
}

TEST(DnsTxtLookup, LargeAnswersStayExactOverRepeatedLookups) {
  const auto set = large_txt_set();
  LoopbackDnsServer server({{{kName, set}}, false, 0});
  for (int i = 0; i < 5; ++i) {
    const auto result = lookup_txt(kName, server.address());
    ASSERT_EQ(result.error, "");
    ASSERT_EQ(result.records.size(), set.size());
    EXPECT_TRUE(result.records[1] == joined(set[1]));
  }
}

TEST(DnsTxtLookup, ASmallAnswerComesOverUdpAndJoinsTheStringsOfEachRecord) {
  LoopbackDnsServer server({{{kName, {{"v=DMARC1; p=none; ", "rua=mailto:a@example.test"}, {"other"}}}}, false, 0});
  const auto result = lookup_txt(kName, server.address());
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.records, (std::vector<std::string>{"v=DMARC1; p=none; rua=mailto:a@example.test", "other"}));
  EXPECT_EQ(server.tcp_queries(), 0);
}

TEST(DnsTxtLookup, AServerThatNeverAnswersIsAnErrorWithinTheBudget) {
  LoopbackDnsServer server({{}, true, 0});
  const auto started = std::chrono::steady_clock::now();
  const auto result = lookup_txt(kName, server.address());
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_NE(result.error.find(kName), std::string::npos) << result.error;
  EXPECT_NE(result.error.find(server.address()), std::string::npos) << result.error;
  EXPECT_TRUE(result.records.empty());
  EXPECT_LE(took, dmarc::kTxtLookupBudget + std::chrono::milliseconds(500));
  EXPECT_GE(server.udp_queries(), 1);
}

TEST(DnsTxtLookup, NoSuchNameIsAnAnswerWithoutRecordsNotAnError) {
  LoopbackDnsServer server({{{"_dmarc.other.test", {{"v=DMARC1; p=none"}}}}, false, 0});
  const auto result = lookup_txt(kName, server.address());
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.records.empty());
  EXPECT_GE(server.udp_queries(), 1);
}

TEST(DnsTxtLookup, ANameWithoutTxtRecordsIsAnAnswerWithoutRecords) {
  LoopbackDnsServer server({{{kName, {}}}, false, 0});
  const auto result = lookup_txt(kName, server.address());
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.records.empty());
}

TEST(DnsTxtLookup, ServerFailureIsAnError) {
  LoopbackDnsServer server({{}, false, 2});
  const auto result = lookup_txt(kName, server.address());
  EXPECT_NE(result.error, "");
  EXPECT_NE(result.error.find(kName), std::string::npos) << result.error;
  EXPECT_TRUE(result.records.empty());
}

TEST(DnsTxtLookup, TwoDmarcRecordsAtTheNameGiveNoPolicyAndSayWhy) {
  LoopbackDnsServer server(
      {{{kName, {{"v=DMARC1; p=reject"}, {"v=DMARC1; p=none"}, {"google-site-verification=x"}}}}, false, 0});
  const auto result = lookup_txt(kName, server.address());
  ASSERT_EQ(result.error, "");
  ASSERT_EQ(result.records.size(), 3U);
  const auto choice = dmarc::dmarc_policy_of(result.records);
  EXPECT_FALSE(choice.policy.has_value());
  EXPECT_NE(choice.note.find("6.6.3"), std::string::npos) << choice.note;
}

}  // namespace
}  // namespace govsync::test
