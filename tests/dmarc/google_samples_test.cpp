// Google's reports: nice-input.xml and its gzip / zip copies, changed-input.xml, the two
// e-mails carrying zipped Google reports, the Mimecast e-mail with a gzip body, and the large
// stress-test report.

#include <gtest/gtest.h>

#include <cstdint>
#include <set>

#include "sample_files.hpp"

namespace govsync::dmarc {
namespace {

using testing::single_report;

std::int64_t total_count(const Report& report) {
  std::int64_t total = 0;
  for (const Record& record : report.records) total += record.count;
  return total;
}

void expect_nice_input(const Report& report, const std::string& org_name) {
  EXPECT_EQ(report.schema, "rfc7489");
  EXPECT_EQ(report.org_name, org_name);
  EXPECT_EQ(report.org_email, "noreply-dmarc-support@google.com");
  EXPECT_EQ(report.extra_contact, "https://support.google.com/a/answer/2466580");
  EXPECT_EQ(report.report_id, "11038226378739404135");
  EXPECT_EQ(report.date_begin, 1718236800);
  EXPECT_EQ(report.date_end, 1718323199);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.np, "none");
  EXPECT_EQ(report.pct, 100);
  ASSERT_EQ(report.records.size(), 20U);
  EXPECT_EQ(total_count(report), 3047);

  const Record& first = report.records[0];
  EXPECT_EQ(first.source_ip, "209.85.220.69");
  EXPECT_EQ(first.count, 1);
  EXPECT_EQ(first.disposition, "none");
  EXPECT_EQ(first.dkim_result, "fail");
  EXPECT_EQ(first.spf_result, "pass");
  EXPECT_EQ(first.header_from, "example.com");
  EXPECT_TRUE(first.dkim_auth.empty());
  ASSERT_EQ(first.spf_auth.size(), 1U);
  EXPECT_EQ(first.spf_auth[0].domain, "example.com");
  EXPECT_EQ(first.spf_auth[0].result, "pass");

  const Record& second = report.records[1];
  EXPECT_EQ(second.source_ip, "209.85.220.41");
  EXPECT_EQ(second.count, 2);
  EXPECT_EQ(second.disposition, "none");
  EXPECT_EQ(second.dkim_result, "pass");
  EXPECT_EQ(second.spf_result, "fail");
  EXPECT_EQ(second.header_from, "example.com");
  ASSERT_EQ(second.dkim_auth.size(), 2U);
  EXPECT_EQ(second.dkim_auth[0].domain, "example.com");
  EXPECT_EQ(second.dkim_auth[0].result, "pass");
  EXPECT_EQ(second.dkim_auth[0].selector, "awbr2rp4egb35wbg4umq4e5dcoe5kc4n");
  EXPECT_EQ(second.dkim_auth[1].domain, "amazonses.com");
  EXPECT_EQ(second.dkim_auth[1].result, "pass");
  EXPECT_EQ(second.dkim_auth[1].selector, "ug7nbtf4gccmlpwj322ax3p6ow6yfsug");
  ASSERT_EQ(second.spf_auth.size(), 1U);
  EXPECT_EQ(second.spf_auth[0].domain, "gmail.com");
  EXPECT_EQ(second.spf_auth[0].result, "pass");

  const Record& ipv6 = report.records[8];
  EXPECT_EQ(ipv6.source_ip, "2607:f8b0:4864:20::132");
  EXPECT_EQ(ipv6.count, 1);
  EXPECT_EQ(ipv6.dkim_result, "pass");
  EXPECT_EQ(ipv6.spf_result, "pass");
  ASSERT_EQ(ipv6.dkim_auth.size(), 1U);
  EXPECT_EQ(ipv6.dkim_auth[0].selector, "google");

  EXPECT_EQ(report.records[12].source_ip, "209.85.220.69");
  EXPECT_EQ(report.records[12].count, 2252);
  EXPECT_EQ(report.records[19].source_ip, "209.85.220.41");
  EXPECT_EQ(report.records[19].count, 359);
}

bool same_report(const Report& a, const Report& b) {
  if (a.records.size() != b.records.size()) return false;
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    const Record& x = a.records[i];
    const Record& y = b.records[i];
    if (x.source_ip != y.source_ip || x.count != y.count || x.disposition != y.disposition ||
        x.dkim_result != y.dkim_result || x.spf_result != y.spf_result || x.header_from != y.header_from ||
        x.dkim_auth.size() != y.dkim_auth.size() || x.spf_auth.size() != y.spf_auth.size()) {
      return false;
    }
  }
  return a.schema == b.schema && a.org_name == b.org_name && a.report_id == b.report_id &&
         a.date_begin == b.date_begin && a.date_end == b.date_end && a.domain == b.domain && a.p == b.p &&
         a.sp == b.sp && a.np == b.np && a.pct == b.pct;
}

TEST(GoogleSamples, NiceInputXml) { expect_nice_input(single_report("nice-input.xml"), "google.com"); }

TEST(GoogleSamples, NiceInputGzipIsTheSameReport) {
  const Report report = single_report("nice-input.xml.gz");
  expect_nice_input(report, "google.com");
  EXPECT_TRUE(same_report(report, single_report("nice-input.xml")));
  EXPECT_EQ(testing::extract_sample("nice-input.xml.gz").documents.at(0).name, "nice-input.xml");
}

TEST(GoogleSamples, NiceInputZipIsTheSameReport) {
  const Report report = single_report("nice-input.xml.zip");
  expect_nice_input(report, "google.com");
  EXPECT_TRUE(same_report(report, single_report("nice-input.xml")));
  EXPECT_EQ(testing::extract_sample("nice-input.xml.zip").documents.at(0).name, "nice-input.xml");
}

TEST(GoogleSamples, ChangedInputDiffersOnlyInOrgName) {
  expect_nice_input(single_report("changed-input.xml"), "fred.com");
}

TEST(GoogleSamples, BorschowEmailWithCrlfAndBase64Zip) {
  const char* name = "Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml";
  EXPECT_EQ(testing::extract_sample(name).documents.at(0).name, "google.com!borschow.com!1549929600!1550015999.xml");
  const Report report = single_report(name);
  EXPECT_EQ(report.org_name, "google.com");
  EXPECT_EQ(report.org_email, "noreply-dmarc-support@google.com");
  EXPECT_EQ(report.report_id, "949348866075514174");
  EXPECT_EQ(report.date_begin, 1549929600);
  EXPECT_EQ(report.date_end, 1550015999);
  EXPECT_EQ(report.domain, "borschow.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "reject");
  EXPECT_EQ(report.sp, "reject");
  EXPECT_EQ(report.pct, 100);
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "92.53.116.102");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "reject");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.header_from, "borschow.com");
  EXPECT_TRUE(record.dkim_auth.empty());
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "borschow.com");
  EXPECT_EQ(record.spf_auth[0].result, "fail");
}

TEST(GoogleSamples, TwilightEmailWithLfAndQuotedPrintableTextPart) {
  EXPECT_EQ(testing::extract_sample("twilight.eml").documents.at(0).name,
            "google.com!twlnet.com!1549756800!1549843199.xml");
  const Report report = single_report("twilight.eml");
  EXPECT_EQ(report.org_name, "google.com");
  EXPECT_EQ(report.report_id, "1627703331531660819");
  EXPECT_EQ(report.date_begin, 1549756800);
  EXPECT_EQ(report.date_end, 1549843199);
  EXPECT_EQ(report.domain, "twlnet.com");
  EXPECT_EQ(report.adkim, "s");
  EXPECT_EQ(report.aspf, "s");
  EXPECT_EQ(report.p, "reject");
  EXPECT_EQ(report.sp, "reject");
  EXPECT_EQ(report.pct, 100);
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "87.106.127.28");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "pass");
  EXPECT_EQ(record.spf_result, "pass");
  EXPECT_EQ(record.header_from, "twlnet.com");
  ASSERT_EQ(record.dkim_auth.size(), 1U);
  EXPECT_EQ(record.dkim_auth[0].domain, "twlnet.com");
  EXPECT_EQ(record.dkim_auth[0].result, "pass");
  EXPECT_EQ(record.dkim_auth[0].selector, "201810");
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "twlnet.com");
  EXPECT_EQ(record.spf_auth[0].result, "pass");
}

TEST(GoogleSamples, MimecastSinglePartGzipWithTrailingLineBreak) {
  const Report report = single_report("mimecast-weird-gzip.eml");
  EXPECT_EQ(report.org_name, "Mimecast");
  EXPECT_EQ(report.org_email, "no-reply@au-1.mimecastreport.com");
  EXPECT_EQ(report.extra_contact, "https://community.mimecast.com/s/knowledge");
  EXPECT_EQ(report.report_id, "157a5fe30ec76f4bc0d8bccfc96c118a167a1280fee7c7465af5115e73082e5e");
  EXPECT_EQ(report.date_begin, 1693353600);
  EXPECT_EQ(report.date_end, 1693439999);
  EXPECT_EQ(report.domain, "ab.id.au");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "reject");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.pct, 100);
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "40.93.199.22");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "pass");
  EXPECT_EQ(record.spf_result, "pass");
  EXPECT_EQ(record.header_from, "ab.id.au");
  ASSERT_EQ(record.dkim_auth.size(), 1U);
  EXPECT_EQ(record.dkim_auth[0].domain, "ab.id.au");
  EXPECT_EQ(record.dkim_auth[0].selector, "selector1");
  EXPECT_EQ(record.dkim_auth[0].result, "pass");
  EXPECT_EQ(record.dkim_auth[0].human_result, "");  // <human_result/>
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "ab.id.au");
  EXPECT_EQ(record.spf_auth[0].result, "pass");
}

TEST(GoogleSamples, LargeReportHasEveryRecord) {
  const Report report = single_report("!large-example.com!1711897200!1711983600.xml");
  EXPECT_EQ(report.org_name, "");
  EXPECT_EQ(report.org_email, "administrator@accurateplastics.com");
  EXPECT_EQ(report.report_id, "example.com:1711897200");
  EXPECT_EQ(report.date_begin, 1711897200);
  EXPECT_EQ(report.date_end, 1711983600);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "reject");
  EXPECT_EQ(report.pct, 100);
  ASSERT_EQ(report.records.size(), 2286U);
  EXPECT_EQ(total_count(report), 2286);
  std::set<std::string> addresses;
  for (const Record& record : report.records) addresses.insert(record.source_ip);
  EXPECT_EQ(addresses.size(), 2286U);
  EXPECT_EQ(report.records.front().source_ip, "12.20.121.1");
  EXPECT_EQ(report.records[1].source_ip, "12.20.121.2");
  EXPECT_EQ(report.records.back().source_ip, "12.20.129.254");
  EXPECT_EQ(report.records.back().disposition, "none");
  EXPECT_EQ(report.records.back().dkim_result, "fail");
  EXPECT_EQ(report.records.back().spf_result, "fail");
  EXPECT_EQ(report.records.back().header_from, "example.com");
  ASSERT_EQ(report.records.back().spf_auth.size(), 1U);
  EXPECT_EQ(report.records.back().spf_auth[0].result, "none");
}

}  // namespace
}  // namespace govsync::dmarc
