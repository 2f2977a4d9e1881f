#include "report_unpacker.hpp"

#include <gtest/gtest.h>

#include "compression_fixtures.hpp"
#include "report_extractor.hpp"
#include "sample_files.hpp"

namespace govsync::dmarc {
namespace {

using testing::gzip;
using testing::zip;

const std::string kXml = "<?xml version=\"1.0\"?><feedback/>";

TEST(ReportUnpacker, PlainXml) {
  const UnpackOutcome outcome = unpack_report(kXml, "report.xml");
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  ASSERT_EQ(outcome.documents.size(), 1U);
  EXPECT_EQ(outcome.documents[0].name, "report.xml");
  EXPECT_EQ(outcome.documents[0].xml, kXml);
}

TEST(ReportUnpacker, DoubleGzip) {
  const UnpackOutcome outcome = unpack_report(gzip(gzip(kXml)), "report.xml.gz.gz");
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  ASSERT_EQ(outcome.documents.size(), 1U);
  EXPECT_EQ(outcome.documents[0].name, "report.xml");
  EXPECT_EQ(outcome.documents[0].xml, kXml);
}

TEST(ReportUnpacker, ConcatenatedGzipMembersAndTrailingPadding) {
  const std::string half = kXml.substr(0, 10);
  const UnpackOutcome outcome = unpack_report(gzip(half) + gzip(kXml.substr(10)) + std::string("\r\n\0\0", 4), "r.gz");
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  EXPECT_EQ(outcome.documents.at(0).xml, kXml);
}

TEST(ReportUnpacker, GzipWithTrailingGarbageIsRejected) {
  EXPECT_EQ(unpack_report(gzip(kXml) + "junk", "r.gz").rejection,
            "corrupt gzip: 4 unexpected bytes after the compressed data");
}

TEST(ReportUnpacker, TruncatedAndCorruptGzipAreRejected) {
  const std::string compressed = gzip(kXml);
  EXPECT_EQ(unpack_report(compressed.substr(0, compressed.size() - 6), "r.gz").rejection,
            "corrupt gzip: truncated data");
  std::string bad_crc = compressed;
  bad_crc[bad_crc.size() - 8] = static_cast<char>(bad_crc[bad_crc.size() - 8] ^ 0x55);
  EXPECT_EQ(unpack_report(bad_crc, "r.gz").rejection, "corrupt gzip: incorrect data check");
}

TEST(ReportUnpacker, ZipWithTwoXmlMembersAndAReadme) {
  const std::string archive = zip({{"a.xml", kXml}, {"README.txt", "not a report"}, {"b.xml", kXml + "\n"}});
  const UnpackOutcome outcome = unpack_report(archive, "reports.zip");
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  ASSERT_EQ(outcome.documents.size(), 2U);
  EXPECT_EQ(outcome.documents[0].name, "a.xml");
  EXPECT_EQ(outcome.documents[0].xml, kXml);
  EXPECT_EQ(outcome.documents[1].name, "b.xml");
  EXPECT_EQ(outcome.documents[1].xml, kXml + "\n");
}

TEST(ReportUnpacker, ZippedGzip) {
  const UnpackOutcome outcome = unpack_report(zip({{"report.xml.gz", gzip(kXml)}}), "r.zip");
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  ASSERT_EQ(outcome.documents.size(), 1U);
  EXPECT_EQ(outcome.documents[0].name, "report.xml");
  EXPECT_EQ(outcome.documents[0].xml, kXml);
}

TEST(ReportUnpacker, ZipWithoutXmlIsRejected) {
  EXPECT_EQ(unpack_report(zip({{"notes.txt", "hello"}}), "r.zip").rejection, "zip contains no .xml file");
}

TEST(ReportUnpacker, CorruptZipIsRejected) {
  std::string archive = zip({{"a.xml", kXml}});
  EXPECT_EQ(unpack_report(archive.substr(0, archive.size() - 30), "r.zip").rejection,
            "corrupt zip: end of central directory not found");
  archive[40] = static_cast<char>(archive[40] ^ 0x01);  // inside the deflated data
  const std::string rejection = unpack_report(archive, "r.zip").rejection;
  EXPECT_TRUE(rejection.starts_with("corrupt zip: member 'a.xml'")) << rejection;
}

TEST(ReportUnpacker, GzipBombBeyondTheDefaultCapIsRejected) {
  const std::string zeros((std::size_t{64} << 20U) + 1, '<');
  const std::string bomb = gzip(zeros);
  EXPECT_LT(bomb.size(), 1U << 20U);
  EXPECT_EQ(unpack_report(bomb, "bomb.xml.gz").rejection,
            "decompressed size exceeds the limit of 64 MiB (possible decompression bomb)");
  EXPECT_TRUE(unpack_report(gzip(std::string(std::size_t{64} << 20U, '<')), "at-cap.xml.gz").ok());
}

TEST(ReportUnpacker, ZipBombIsRejectedBeforeInflating) {
  const std::string archive = zip({{"a.xml", std::string(std::size_t{3} << 20U, ' ') + kXml}});
  UnpackLimits limits;
  limits.max_decompressed_bytes = std::size_t{2} << 20U;
  EXPECT_EQ(unpack_report(archive, "r.zip", {}, limits).rejection,
            "decompressed size exceeds the limit of 2 MiB (possible decompression bomb)");
}

TEST(ReportUnpacker, CapCoversEveryLayerTogether) {
  const std::string inner = std::string(700 * 1024, ' ') + kXml;
  const std::string archive = zip({{"a.xml.gz", gzip(inner)}, {"b.xml.gz", gzip(inner)}});
  UnpackLimits limits;
  limits.max_decompressed_bytes = 1000 * 1024;  // each member fits, both do not
  EXPECT_EQ(
      unpack_report(archive, "r.zip", {}, limits).rejection,
      "zip member 'b.xml.gz': decompressed size exceeds the limit of 1024000 bytes (possible decompression bomb)");
}

TEST(ReportUnpacker, NestingIsBounded) {
  std::string bytes = kXml;
  for (int i = 0; i < 12; ++i) bytes = gzip(bytes);
  EXPECT_EQ(unpack_report(bytes, "deep.gz").rejection, "nested too deeply (more than 8 layers)");
}

TEST(ReportUnpacker, MagicBytesWinOverTheName) {
  const UnpackOutcome gzip_named_xml = unpack_report(gzip(kXml), "report.xml");
  ASSERT_TRUE(gzip_named_xml.ok()) << gzip_named_xml.rejection;
  EXPECT_EQ(gzip_named_xml.documents.at(0).xml, kXml);
  const UnpackOutcome xml_named_zip = unpack_report(kXml, "report.zip", "application/zip");
  ASSERT_TRUE(xml_named_zip.ok()) << xml_named_zip.rejection;
  EXPECT_EQ(xml_named_zip.documents.at(0).xml, kXml);
  const UnpackOutcome zip_named_gz = unpack_report(zip({{"a.xml", kXml}}), "report.gz", "application/gzip");
  ASSERT_TRUE(zip_named_gz.ok()) << zip_named_gz.rejection;
  EXPECT_EQ(zip_named_gz.documents.at(0).name, "a.xml");
  const std::string mail = testing::read_sample("twilight.eml");
  const ExtractOutcome mail_named_bin = extract_reports(mail, "input.bin");
  ASSERT_TRUE(mail_named_bin.ok()) << mail_named_bin.rejection;
  EXPECT_EQ(mail_named_bin.documents.at(0).outcome.report->report_id, "1627703331531660819");
}

TEST(ReportUnpacker, SamplesUnderWrongNamesGiveTheSameReport) {
  const Report expected = testing::single_report("nice-input.xml");
  for (const char* sample : {"nice-input.xml.gz", "nice-input.xml.zip"}) {
    const Report report = testing::single_report_in(testing::read_sample(sample), "input.bin");
    EXPECT_EQ(report.report_id, expected.report_id) << sample;
    EXPECT_EQ(report.records.size(), expected.records.size()) << sample;
  }
}

TEST(ReportUnpacker, NameDecidesWhenMagicDoesNot) {
  EXPECT_EQ(unpack_report("garbage", "r.gz").rejection, "corrupt gzip: no gzip header");
  EXPECT_EQ(unpack_report("garbage", "r.zip").rejection, "corrupt zip: end of central directory not found");
  EXPECT_EQ(unpack_report("garbage", "r.bin", "application/gzip").rejection, "corrupt gzip: no gzip header");
  EXPECT_EQ(unpack_report("garbage", "r.bin").rejection, "not a DMARC report: unrecognised format");
  const UnpackOutcome named_xml = unpack_report("garbage", "r.xml");
  ASSERT_TRUE(named_xml.ok());
  EXPECT_FALSE(parse_report(named_xml.documents.at(0).xml).ok());
}

TEST(ReportUnpacker, EmptyInputIsRejected) { EXPECT_EQ(unpack_report("", "r.xml").rejection, "empty file"); }

}  // namespace
}  // namespace govsync::dmarc
