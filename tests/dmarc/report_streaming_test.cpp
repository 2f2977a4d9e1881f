// Reports read one record at a time (parse_report_streaming), and documents
// whose nesting alone would grow the parser's memory refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "report_parser.hpp"

namespace govsync::dmarc {
namespace {

std::string report_with_records(const std::vector<std::string>& rows) {
  std::string xml =
      "<feedback><report_metadata><org_name>Org</org_name><report_id>id-7</report_id><date_range><begin>10</begin>"
      "<end>20</end></date_range></report_metadata><policy_published><domain>example.com</domain>"
      "</policy_published>";
  for (const auto& row : rows) xml += "<record><row>" + row + "</row></record>";
  return xml + "</feedback>";
}

TEST(ReportStreaming, HandsOverEveryRecordInOrderAndKeepsNone) {
  const auto xml = report_with_records({"<source_ip>192.0.2.1</source_ip><count>1</count>",
                                        "<source_ip>192.0.2.2</source_ip><count>2</count>",
                                        "<source_ip>2001:DB8::3</source_ip><count>3</count>"});
  std::vector<std::pair<std::size_t, std::string>> seen;
  const auto outcome = parse_report_streaming(xml, [&](const Report& report, std::size_t index, Record&& record) {
    EXPECT_EQ(report.report_id, "id-7");
    seen.emplace_back(index, record.source_ip);
  });
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  EXPECT_TRUE(outcome.report->records.empty());
  EXPECT_EQ(outcome.report->domain, "example.com");
  const std::vector<std::pair<std::size_t, std::string>> expected{
      {0, "192.0.2.1"}, {1, "192.0.2.2"}, {2, "2001:db8::3"}};
  EXPECT_EQ(seen, expected);
}

TEST(ReportStreaming, ADocumentWithABadRecordGivesNoRecordsAtAll) {
  const auto xml = report_with_records(
      {"<source_ip>192.0.2.1</source_ip><count>1</count>", "<source_ip>not-an-ip</source_ip><count>2</count>"});
  std::size_t calls = 0;
  const auto outcome = parse_report_streaming(xml, [&](const Report&, std::size_t, Record&&) { ++calls; });
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.rejection, parse_report(xml).rejection);
  EXPECT_EQ(calls, 0U);
}

TEST(ReportStreaming, WhatTheSinkThrowsReachesTheCaller) {
  const auto xml = report_with_records({"<source_ip>192.0.2.1</source_ip><count>1</count>"});
  EXPECT_THROW(parse_report_streaming(
                   xml, [](const Report&, std::size_t, Record&&) { throw std::length_error("the writer is full"); }),
               std::length_error);
}

TEST(ReportParser, DeepNestingIsRefusedBeforeItGrowsTheParser) {
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "<a>";
  for (int i = 0; i < 100000; ++i) nested += "</a>";
  ASSERT_TRUE(parse_report(report_with_records({})).ok());  // the same report without the nesting is valid
  auto xml = report_with_records({});
  xml.insert(xml.size() - std::string("</feedback>").size(), nested);
  const auto deep = parse_report(xml);
  EXPECT_FALSE(deep.ok());
  EXPECT_EQ(deep.rejection, "elements nested deeper than 32 levels (<a>); a DMARC report needs 6");
}

}  // namespace
}  // namespace govsync::dmarc
