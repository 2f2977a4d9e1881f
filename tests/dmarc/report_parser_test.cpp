#include "report_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace govsync::dmarc {
namespace {

// A minimal valid report whose single record's row and the policy can be replaced.
std::string report_xml(const std::string& record_row = "<source_ip>192.0.2.1</source_ip><count>3</count>",
                       const std::string& policy = "<domain>Example.COM</domain><p>Reject</p>") {
  return "<?xml version=\"1.0\"?>\n<feedback><version>1.0</version><report_metadata><org_name>Org</org_name>"
         "<report_id>id-1</report_id><date_range><begin>10</begin><end>20</end></date_range></report_metadata>"
         "<policy_published>" +
         policy + "</policy_published><record><row>" + record_row + "</row></record></feedback>";
}

TEST(ReportParser, MinimalReportIsNormalised) {
  const ParseOutcome outcome = parse_report(report_xml());
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  EXPECT_EQ(outcome.report->domain, "example.com");
  EXPECT_EQ(outcome.report->p, "reject");
  EXPECT_EQ(outcome.report->schema, "rfc7489");
  ASSERT_EQ(outcome.report->records.size(), 1U);
  EXPECT_EQ(outcome.report->records[0].source_ip, "192.0.2.1");
  EXPECT_EQ(outcome.report->records[0].count, 3);
}

TEST(ReportParser, NamespacePrefixesAreIgnored) {
  const std::string xml =
      "<d:feedback xmlns:d=\"urn:ietf:params:xml:ns:dmarc-2.0\"><d:report_metadata><d:report_id> r </d:report_id>"
      "<d:date_range><d:begin>1</d:begin><d:end>2</d:end></d:date_range></d:report_metadata>"
      "<d:policy_published><d:domain>a.example</d:domain></d:policy_published>"
      "<d:record><d:row><d:source_ip>2001:DB8::1</d:source_ip><d:count>7</d:count></d:row>"
      "<d:auth_results><d:dkim><d:domain>A.example</d:domain><d:result>PASS</d:result></d:dkim></d:auth_results>"
      "</d:record></d:feedback>";
  const ParseOutcome outcome = parse_report(xml);
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  EXPECT_EQ(outcome.report->schema, "dmarc-2.0");
  EXPECT_EQ(outcome.report->report_id, "r");
  ASSERT_EQ(outcome.report->records.size(), 1U);
  EXPECT_EQ(outcome.report->records[0].source_ip, "2001:db8::1");
  ASSERT_EQ(outcome.report->records[0].dkim_auth.size(), 1U);
  EXPECT_EQ(outcome.report->records[0].dkim_auth[0].domain, "a.example");
  EXPECT_EQ(outcome.report->records[0].dkim_auth[0].result, "pass");
}

TEST(ReportParser, CdataEntitiesAndReasonsAreRead) {
  const ParseOutcome outcome = parse_report(
      report_xml("<source_ip>192.0.2.1</source_ip><count><![CDATA[5]]></count><policy_evaluated>"
                 "<disposition>None</disposition><reason><type>Forwarded</type><comment>a &amp; b</comment></reason>"
                 "<reason><type>local_policy</type></reason></policy_evaluated>"));
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  const Record& record = outcome.report->records[0];
  EXPECT_EQ(record.count, 5);
  EXPECT_EQ(record.disposition, "none");
  ASSERT_EQ(record.reasons.size(), 2U);
  EXPECT_EQ(record.reasons[0], "forwarded: a & b");
  EXPECT_EQ(record.reasons[1], "local_policy");
}

TEST(ReportParser, RecordWithoutCountRejectsTheReportNamingTheRecord) {
  EXPECT_EQ(parse_report(report_xml("<source_ip>192.0.2.1</source_ip>")).rejection, "record 1 has no <row><count>");
  EXPECT_EQ(parse_report(report_xml("<count>1</count>")).rejection, "record 1 has no <row><source_ip>");
  EXPECT_EQ(parse_report(report_xml("<source_ip>192.0.2.1</source_ip><count>many</count>")).rejection,
            "record 1: <count> 'many' is not a non-negative integer");
  EXPECT_EQ(parse_report(report_xml("<source_ip>mail.example</source_ip><count>1</count>")).rejection,
            "record 1: <source_ip> 'mail.example' is not an IP address");
}

TEST(ReportParser, SecondRecordIsNamedByPosition) {
  std::string xml = report_xml();
  xml.insert(xml.find("</feedback>"), "<record><row><source_ip>192.0.2.2</source_ip></row></record>");
  EXPECT_EQ(parse_report(xml).rejection, "record 2 has no <row><count>");
}

TEST(ReportParser, MissingRequiredMetadataIsNamed) {
  std::string no_id = report_xml();
  no_id.replace(no_id.find("<report_id>id-1</report_id>"), 27, "");
  EXPECT_EQ(parse_report(no_id).rejection, "missing <report_metadata><report_id>");
  EXPECT_EQ(parse_report(report_xml("<source_ip>192.0.2.1</source_ip><count>1</count>", "<p>none</p>")).rejection,
            "missing <policy_published><domain>");
  std::string no_range = report_xml();
  no_range.replace(no_range.find("<date_range>"),
                   std::string("<date_range><begin>10</begin><end>20</end></date_range>").size(), "");
  EXPECT_EQ(parse_report(no_range).rejection, "missing <report_metadata><date_range><begin> or <end>");
}

TEST(ReportParser, InvalidPercentageIsRejected) {
  EXPECT_EQ(parse_report(report_xml("<source_ip>192.0.2.1</source_ip><count>1</count>",
                                    "<domain>a.example</domain><pct>150</pct>"))
                .rejection,
            "<policy_published><pct> '150' is not a percentage 0..100");
}

TEST(ReportParser, WrongRootIsRejected) {
  EXPECT_EQ(parse_report("<?xml version=\"1.0\"?><html><body/></html>").rejection,
            "no <feedback> root element (found <html>)");
}

TEST(ReportParser, DoctypeIsRejected) {
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
      "<feedback>&b;</feedback>";
  EXPECT_EQ(parse_report(laughs).rejection, "a DOCTYPE declaration is not allowed in a DMARC report");
}

TEST(ReportParser, MalformedXmlNamesLineAndColumn) {
  const ParseOutcome outcome = parse_report("<feedback>\n  <report_metadata>\n</feedback>");
  EXPECT_TRUE(outcome.rejection.starts_with("not well-formed XML at line 3, column ")) << outcome.rejection;
  EXPECT_NE(outcome.rejection.find("tag mismatch"), std::string::npos) << outcome.rejection;
}

TEST(ReportParser, InvalidUtf8AnywhereIsRejected) {
  std::string xml = report_xml();
  xml.replace(xml.find("Org"), 3, "Or\xFF");
  EXPECT_EQ(parse_report(xml).rejection, "invalid UTF-8 at byte " + std::to_string(report_xml().find("Org") + 2));
}

TEST(ReportParser, WhitespaceOnlyInputIsEmpty) {
  EXPECT_EQ(parse_report(" \n\t").rejection, "empty file (only whitespace)");
}

TEST(ReportParser, ErrorsAndUnknownElementsAreHandled) {
  std::string xml = report_xml();
  xml.insert(xml.find("</report_metadata>"), "<error>first</error><error> second </error><extension><x/></extension>");
  const ParseOutcome outcome = parse_report(xml);
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  ASSERT_EQ(outcome.report->errors.size(), 2U);
  EXPECT_EQ(outcome.report->errors[1], "second");
}

TEST(ReportParser, ReportWithoutRecordsIsAccepted) {
  std::string xml = report_xml();
  xml.erase(xml.find("<record>"), xml.find("</feedback>") - xml.find("<record>"));
  const ParseOutcome outcome = parse_report(xml);
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  EXPECT_TRUE(outcome.report->records.empty());
}

}  // namespace
}  // namespace govsync::dmarc
