// DMARCbis / DMARC 2.0 samples (RFC 9990 style).

#include <gtest/gtest.h>

#include "sample_files.hpp"

namespace govsync::dmarc {
namespace {

using testing::single_report;

TEST(DmarcbisSamples, VersionTwoWithNpTestingDiscoveryAndTwoRecords) {
  const Report report = single_report("rfc9990-example.net!example.com!1700000000!1700086399.xml");
  EXPECT_EQ(report.schema, "dmarc-2.0");
  EXPECT_EQ(report.version, "2.0");
  EXPECT_EQ(report.org_name, "example.net");
  EXPECT_EQ(report.org_email, "postmaster@example.net");
  EXPECT_EQ(report.report_id, "dmarcbis-test-report-001");
  EXPECT_EQ(report.date_begin, 1700000000);
  EXPECT_EQ(report.date_end, 1700086399);
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.adkim, "s");
  EXPECT_EQ(report.aspf, "s");
  EXPECT_EQ(report.p, "reject");
  EXPECT_EQ(report.sp, "quarantine");
  EXPECT_EQ(report.np, "reject");
  EXPECT_EQ(report.testing, "y");
  EXPECT_EQ(report.discovery_method, "treewalk");
  EXPECT_EQ(report.fo, "1");
  EXPECT_FALSE(report.pct.has_value());
  ASSERT_EQ(report.records.size(), 2U);

  const Record& first = report.records[0];
  EXPECT_EQ(first.source_ip, "198.51.100.1");
  EXPECT_EQ(first.count, 5);
  EXPECT_EQ(first.disposition, "none");
  EXPECT_EQ(first.dkim_result, "pass");
  EXPECT_EQ(first.spf_result, "pass");
  EXPECT_TRUE(first.reasons.empty());
  EXPECT_EQ(first.envelope_from, "example.com");
  EXPECT_EQ(first.header_from, "example.com");
  ASSERT_EQ(first.dkim_auth.size(), 1U);
  EXPECT_EQ(first.dkim_auth[0].domain, "example.com");
  EXPECT_EQ(first.dkim_auth[0].selector, "selector1");
  EXPECT_EQ(first.dkim_auth[0].result, "pass");
  ASSERT_EQ(first.spf_auth.size(), 1U);
  EXPECT_EQ(first.spf_auth[0].domain, "example.com");
  EXPECT_EQ(first.spf_auth[0].scope, "mfrom");
  EXPECT_EQ(first.spf_auth[0].result, "pass");

  const Record& second = report.records[1];
  EXPECT_EQ(second.source_ip, "203.0.113.10");
  EXPECT_EQ(second.count, 2);
  EXPECT_EQ(second.disposition, "reject");
  EXPECT_EQ(second.dkim_result, "fail");
  EXPECT_EQ(second.spf_result, "fail");
  ASSERT_EQ(second.reasons.size(), 1U);
  EXPECT_EQ(second.reasons[0], "other: sender not authorized");
  EXPECT_EQ(second.envelope_from, "spoofed.example.com");
  EXPECT_EQ(second.header_from, "example.com");
  EXPECT_TRUE(second.dkim_auth.empty());
  ASSERT_EQ(second.spf_auth.size(), 1U);
  EXPECT_EQ(second.spf_auth[0].domain, "spoofed.example.com");
  EXPECT_EQ(second.spf_auth[0].scope, "mfrom");
  EXPECT_EQ(second.spf_auth[0].result, "fail");
}

TEST(DmarcbisSamples, DefaultNamespaceNoDeclarationAndGenerator) {
  const Report report = single_report("rfc9990-sample.xml");
  EXPECT_EQ(report.schema, "dmarc-2.0");
  EXPECT_EQ(report.version, "1.0");
  EXPECT_EQ(report.org_name, "Sample Reporter");
  EXPECT_EQ(report.org_email, "report_sender@example-reporter.com");
  EXPECT_EQ(report.extra_contact, "...");
  EXPECT_EQ(report.report_id, "3v98abbp8ya9n3va8yr8oa3ya");
  EXPECT_EQ(report.date_begin, 302832000);
  EXPECT_EQ(report.date_end, 302918399);
  EXPECT_EQ(report.generator, "Example DMARC Aggregate Reporter v1.2");
  EXPECT_EQ(report.domain, "example.com");
  EXPECT_EQ(report.p, "quarantine");
  EXPECT_EQ(report.sp, "none");
  EXPECT_EQ(report.np, "none");
  EXPECT_EQ(report.testing, "n");
  EXPECT_EQ(report.discovery_method, "treewalk");
  EXPECT_EQ(report.adkim, "");
  EXPECT_EQ(report.aspf, "");
  EXPECT_FALSE(report.pct.has_value());
  ASSERT_EQ(report.records.size(), 1U);
  const Record& record = report.records[0];
  EXPECT_EQ(record.source_ip, "192.0.2.123");
  EXPECT_EQ(record.count, 123);
  EXPECT_EQ(record.disposition, "pass");
  EXPECT_EQ(record.dkim_result, "pass");
  EXPECT_EQ(record.spf_result, "fail");
  EXPECT_EQ(record.envelope_from, "example.com");
  EXPECT_EQ(record.header_from, "example.com");
  ASSERT_EQ(record.dkim_auth.size(), 1U);
  EXPECT_EQ(record.dkim_auth[0].domain, "example.com");
  EXPECT_EQ(record.dkim_auth[0].result, "pass");
  EXPECT_EQ(record.dkim_auth[0].selector, "abc123");
  ASSERT_EQ(record.spf_auth.size(), 1U);
  EXPECT_EQ(record.spf_auth[0].domain, "example.com");
  EXPECT_EQ(record.spf_auth[0].result, "fail");
}

}  // namespace
}  // namespace govsync::dmarc
