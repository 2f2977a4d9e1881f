// Every RFC 7489-era plain XML sample (and the gzip / zip ones of single reporters), field by
// field, as read from the files themselves.

#include <gtest/gtest.h>

#include "sample_files.hpp"

namespace govsync::dmarc {
namespace {

using testing::single_report;

TEST(Rfc7489Samples, EmptyOrgNameNoVersionSpfWithEmptyDomain) {
  const Report report = single_report("!example.com!1538204542!1538463818.xml");
  EXPECT_EQ(report.schema, "draft");
  EXPECT_EQ(report.version, "");
  EXPECT_EQ(report.org_name, "");
  EXPECT_EQ(report.org_email, "administrator@accurateplastics.com");
  EXPECT_EQ(report.report_id, "example.com:1538463741");
  EXPECT_EQ(report.date_begin, 1538413632);
  EXPECT_EQ(report.date_end, 1538413632);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "reject");
  EXPECT_EQ(report.pct, 100);
  EXPECT_EQ(report.np, "");
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "12.20.127.122");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.header_from, "example.com");
  EXPECT_TRUE(record.dkim_auth.empty());
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "");
  EXPECT_EQ(record.spf_auth[0].result, "none");
}

TEST(Rfc7489Samples, AddisonFoodsWithFoTabsAndDkimOnly) {
  const Report report = single_report("addisonfoods.com!example.com!1536105600!1536191999.xml");
  EXPECT_EQ(report.schema, "rfc7489");
  EXPECT_EQ(report.version, "1.0");
  EXPECT_EQ(report.org_name, "addisonfoods.com");
  EXPECT_EQ(report.org_email, "postmaster@addisonfoods.com");
  EXPECT_EQ(report.report_id, "3ceb5548498640beaeb47327e202b0b9");
  EXPECT_EQ(report.date_begin, 1536105600);
  EXPECT_EQ(report.date_end, 1536191999);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.pct, 100);
  EXPECT_EQ(report.fo, "0");
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "109.203.100.17");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.envelope_from, "example.com");  // indented with a tab
  EXPECT_EQ(record.header_from, "example.com");
  ASSERT_EQ(record.dkim_auth.size(), 1U);
  EXPECT_EQ(record.dkim_auth[0].domain, "toptierhighticket.club");
  EXPECT_EQ(record.dkim_auth[0].selector, "default");
  EXPECT_EQ(record.dkim_auth[0].result, "pass");
  EXPECT_TRUE(record.spf_auth.empty());
}

TEST(Rfc7489Samples, EmptyReasonEnvelopeToHumanResultAndScope) {
  const Report report = single_report("empty_reason.xml");
  EXPECT_EQ(report.schema, "rfc7489");
  EXPECT_EQ(report.org_name, "example.org");
  EXPECT_EQ(report.org_email, "noreply-dmarc-support@example.org");
  EXPECT_EQ(report.extra_contact, "https://support.example.org/dmarc");
  EXPECT_EQ(report.report_id, "20240125141224705995");
  EXPECT_EQ(report.date_begin, 1706159544);
  EXPECT_EQ(report.date_end, 1706185733);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.p, "quarantine");
  EXPECT_EQ(report.sp, "quarantine");
  EXPECT_EQ(report.pct, 100);
  EXPECT_EQ(report.fo, "1");
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "198.51.100.123");
  EXPECT_EQ(record.count, 2);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "pass");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_TRUE(record.reasons.empty());  // <reason> with empty <type> and <comment> says nothing
  EXPECT_EQ(record.envelope_to, "example.net");
  EXPECT_EQ(record.envelope_from, "example.edu");
  EXPECT_EQ(record.header_from, "example.com");
  ASSERT_EQ(record.dkim_auth.size(), 1U);
  EXPECT_EQ(record.dkim_auth[0].domain, "example.com");
  EXPECT_EQ(record.dkim_auth[0].selector, "example");
  EXPECT_EQ(record.dkim_auth[0].result, "pass");
  EXPECT_EQ(record.dkim_auth[0].human_result, "2048-bit key");
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "example.edu");
  EXPECT_EQ(record.spf_auth[0].scope, "mfrom");
  EXPECT_EQ(record.spf_auth[0].result, "pass");
}

TEST(Rfc7489Samples, StrayTextAfterSpIsIgnoredAndEmptyAuthResults) {
  const Report report = single_report("example.net!example.com!1529366400!1529452799.xml");
  EXPECT_EQ(report.org_name, "example.net");
  EXPECT_EQ(report.org_email, "postmaster@example.net");
  EXPECT_EQ(report.report_id, "b043f0e264cf4ea995e93765242f6dfb");
  EXPECT_EQ(report.date_begin, 1529366400);
  EXPECT_EQ(report.date_end, 1529452799);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "none");  // "<sp>none</sp>11": the stray "11" belongs to no field
  EXPECT_EQ(report.pct, 100);
  EXPECT_EQ(report.fo, "0");
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "199.230.200.36");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.envelope_from, "example.com");
  EXPECT_EQ(record.header_from, "example.com");
  EXPECT_TRUE(record.dkim_auth.empty());
  EXPECT_TRUE(record.spf_auth.empty());
}

TEST(Rfc7489Samples, OldDraftFromTheWikiWithLeadingComment) {
  const Report report = single_report("old_draft_from_wiki.xml");
  EXPECT_EQ(report.schema, "draft");
  EXPECT_EQ(report.org_name, "acme.com");
  EXPECT_EQ(report.org_email, "noreply-dmarc-support@acme.com");
  EXPECT_EQ(report.extra_contact, "http://acme.com/dmarc/support");
  EXPECT_EQ(report.report_id, "9391651994964116463");
  EXPECT_EQ(report.date_begin, 1335571200);
  EXPECT_EQ(report.date_end, 1335657599);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.pct, 100);
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "72.150.241.94");
  EXPECT_EQ(record.count, 2);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "pass");
  EXPECT_EQ(record.header_from, "example.com");
  ASSERT_EQ(record.dkim_auth.size(), 1U);
  EXPECT_EQ(record.dkim_auth[0].domain, "example.com");
  EXPECT_EQ(record.dkim_auth[0].result, "fail");
  EXPECT_EQ(record.dkim_auth[0].human_result, "");
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "example.com");
  EXPECT_EQ(record.spf_auth[0].result, "pass");
}

TEST(Rfc7489Samples, OutlookWithNamespaceDeclarationsAndEnvelopeTo) {
  const Report report = single_report("protection.outlook.com!example.com!1711756800!1711843200.xml");
  EXPECT_EQ(report.schema, "rfc7489");
  EXPECT_EQ(report.version, "1.0");
  EXPECT_EQ(report.org_name, "Outlook.com");
  EXPECT_EQ(report.org_email, "dmarcreport@microsoft.com");
  EXPECT_EQ(report.report_id, "cfeafefe4129445e8c81018bd9177197");
  EXPECT_EQ(report.date_begin, 1711756800);
  EXPECT_EQ(report.date_end, 1711843200);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.pct, 100);
  EXPECT_EQ(report.fo, "0");
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "100.24.188.149");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.envelope_to, "hotmail.com");
  EXPECT_EQ(record.envelope_from, "example.com");
  EXPECT_EQ(record.header_from, "example.com");
  EXPECT_TRUE(record.dkim_auth.empty());
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "example.com");
  EXPECT_EQ(record.spf_auth[0].scope, "mfrom");
  EXPECT_EQ(record.spf_auth[0].result, "fail");
}

TEST(Rfc7489Samples, UpperCasedEnumValuesAreLowerCasedAndOrgNameTrimmed) {
  const Report report = single_report("report_with_upper_cased_pass.xml");
  EXPECT_EQ(report.org_name, "example.com");  // "example.com " in the file
  EXPECT_EQ(report.org_email, "postmaster@example.com");
  EXPECT_EQ(report.report_id, "aggr_report_example.com_20191202_1638");
  EXPECT_EQ(report.date_begin, 1574955300);
  EXPECT_EQ(report.date_end, 1575304683);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "reject");
  EXPECT_EQ(report.sp, "");
  EXPECT_EQ(report.pct, 100);
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "23.104.41.189");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "pass");
  EXPECT_EQ(record.spf_result, "pass");
  EXPECT_EQ(record.header_from, "example.com");
  ASSERT_EQ(record.dkim_auth.size(), 1U);
  EXPECT_EQ(record.dkim_auth[0].domain, "example.com");
  EXPECT_EQ(record.dkim_auth[0].result, "pass");
  EXPECT_EQ(record.dkim_auth[0].human_result, "verify result: all signatures verified");
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "example.com");
  EXPECT_EQ(record.spf_auth[0].result, "pass");
}

TEST(Rfc7489Samples, UsssaTwoRecordsWithEmptyEnvelopeFrom) {
  const Report report = single_report("usssa.com!example.com!1538784000!1538870399.xml");
  EXPECT_EQ(report.org_name, "usssa.com");
  EXPECT_EQ(report.org_email, "postmaster@usssa.com");
  EXPECT_EQ(report.report_id, "8953b4d4a4ee4218b6ac0e2cb2667ee1");
  EXPECT_EQ(report.date_begin, 1538784000);
  EXPECT_EQ(report.date_end, 1538870399);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.pct, 100);
  EXPECT_EQ(report.fo, "0");
  ASSERT_EQ(report.records.size(), 2U);
  const Record& first = report.records[0];
  EXPECT_EQ(first.source_ip, "12.20.127.40");
  EXPECT_EQ(first.count, 1);
  EXPECT_EQ(first.disposition, "none");
  EXPECT_EQ(first.dkim_result, "fail");
  EXPECT_EQ(first.spf_result, "fail");
  EXPECT_EQ(first.envelope_from, "");
  EXPECT_EQ(first.header_from, "example.com");
  EXPECT_TRUE(first.dkim_auth.empty());
  EXPECT_TRUE(first.spf_auth.empty());
  const Record& second = report.records[1];
  EXPECT_EQ(second.source_ip, "199.230.200.36");
  EXPECT_EQ(second.count, 1);
  EXPECT_EQ(second.disposition, "none");
  EXPECT_EQ(second.header_from, "example.com");
}

TEST(Rfc7489Samples, VeeamReportIdWithColon) {
  const Report report = single_report("veeam.com!example.com!1530133200!1530219600.xml");
  EXPECT_EQ(report.version, "");
  EXPECT_EQ(report.org_name, "veeam.com");
  EXPECT_EQ(report.org_email, "noreply.it.dmarc@veeam.com");
  EXPECT_EQ(report.report_id, "sonexushealth.com:1530233361");
  EXPECT_EQ(report.date_begin, 1530133200);
  EXPECT_EQ(report.date_end, 1530219600);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.pct, 100);
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "199.230.200.36");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.header_from, "example.com");
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "");
  EXPECT_EQ(record.spf_auth[0].result, "none");
}

TEST(Rfc7489Samples, ZohoEightRecordsResultBeforeDomainAndSpfWithoutDomain) {
  const Report report = single_report("zoho.com!example.com!1581753600!1581840000.xml");
  EXPECT_EQ(report.schema, "rfc7489");
  EXPECT_EQ(report.org_name, "zoho.com");
  EXPECT_EQ(report.org_email, "noreply-dmarc@zoho.com");
  EXPECT_EQ(report.extra_contact, "https://www.zoho.com/mail/help/adminconsole/dmarc-policy.html");
  EXPECT_EQ(report.report_id, "e2cb5d97-dcbb-470f-b2dd-45519a2abbb3");
  EXPECT_EQ(report.date_begin, 1581753600);
  EXPECT_EQ(report.date_end, 1581840000);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "r");
  EXPECT_EQ(report.aspf, "r");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "");
  EXPECT_EQ(report.pct, 100);
  EXPECT_EQ(report.fo, "0");
  ASSERT_EQ(report.records.size(), 8U);
  const Record& first = report.records[0];
  EXPECT_EQ(first.source_ip, "216.71.146.18");
  EXPECT_EQ(first.count, 1);
  EXPECT_EQ(first.disposition, "none");
  EXPECT_EQ(first.dkim_result, "fail");
  EXPECT_EQ(first.spf_result, "fail");
  EXPECT_EQ(first.header_from, "example.com");
  ASSERT_EQ(first.dkim_auth.size(), 1U);
  EXPECT_EQ(first.dkim_auth[0].domain, "example.com");
  EXPECT_EQ(first.dkim_auth[0].selector, "s1");
  EXPECT_EQ(first.dkim_auth[0].result, "pass");
  ASSERT_EQ(first.spf_auth.size(), 1U);
  EXPECT_EQ(first.spf_auth[0].domain, "example.com");
  EXPECT_EQ(first.spf_auth[0].result, "pass");
  EXPECT_EQ(first.spf_auth[0].scope, "mfrom");
  const Record& second = report.records[1];
  EXPECT_EQ(second.source_ip, "216.71.143.97");
  ASSERT_EQ(second.spf_auth.size(), 1U);
  EXPECT_EQ(second.spf_auth[0].domain, "");
  EXPECT_EQ(second.spf_auth[0].result, "none");
  EXPECT_EQ(second.spf_auth[0].scope, "helo");
  const Record& last = report.records[7];
  EXPECT_EQ(last.source_ip, "216.71.148.247");
  EXPECT_EQ(last.count, 2);
  std::int64_t total = 0;
  for (const Record& record : report.records) total += record.count;
  EXPECT_EQ(total, 9);
}

TEST(Rfc7489Samples, FastmailGzipWithCommentInIdentifiers) {
  const Report report = single_report("fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz");
  EXPECT_EQ(report.version, "1.0");
  EXPECT_EQ(report.org_name, "FastMail Pty Ltd");
  EXPECT_EQ(report.org_email, "reports@fastmaildmarc.com");
  EXPECT_EQ(report.extra_contact, "https://fastmail.com/");
  EXPECT_EQ(report.report_id, "102675056");
  EXPECT_EQ(report.date_begin, 1516060800);
  EXPECT_EQ(report.date_end, 1516147199);
  EXPECT_EQ(report.domain, "indemed.com");
  EXPECT_EQ(report.adkim, "");
  EXPECT_EQ(report.aspf, "");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.pct, 100);
  EXPECT_EQ(report.fo, "0");
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "104.195.80.20");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.envelope_to, "fastmail.fm");
  EXPECT_EQ(record.envelope_from, "example.com");
  EXPECT_EQ(record.header_from, "example.com");
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "example.com");
  EXPECT_EQ(record.spf_auth[0].scope, "mfrom");
  EXPECT_EQ(record.spf_auth[0].result, "softfail");
}

TEST(Rfc7489Samples, ZippedReportWithReportIdFirstAndMinimalPolicy) {
  const char* name = "estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip";
  const ExtractOutcome outcome = testing::extract_sample(name);
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  ASSERT_EQ(outcome.documents.size(), 1U);
  EXPECT_EQ(outcome.documents[0].name, "estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml");
  const Report report = single_report(name);
  EXPECT_EQ(report.org_name, "XYZ Corporation");
  EXPECT_EQ(report.org_email, "admin@estadocuenta1.infonacot.gob.mx");
  EXPECT_EQ(report.extra_contact, "http://estadocuenta1.infonacot.gob.mx");
  EXPECT_EQ(report.report_id, "2940");
  EXPECT_EQ(report.date_begin, 1536853302);
  EXPECT_EQ(report.date_end, 1536939702);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.p, "none");
  EXPECT_EQ(report.sp, "");
  EXPECT_EQ(report.adkim, "");
  EXPECT_EQ(report.aspf, "");
  EXPECT_FALSE(report.pct.has_value());
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "148.243.137.254");
  EXPECT_EQ(record.count, 1);
  EXPECT_EQ(record.disposition, "none");
  EXPECT_EQ(record.dkim_result, "fail");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.envelope_to, "estadocuenta1.infonacot.gob.mx");
  EXPECT_EQ(record.header_from, "example.com");
  EXPECT_TRUE(record.dkim_auth.empty());
  EXPECT_TRUE(record.spf_auth.empty());
}

}  // namespace
}  // namespace govsync::dmarc
