#include "mime_attachments.hpp"

#include <gtest/gtest.h>

#include "report_extractor.hpp"
#include "transfer_encoding.hpp"

namespace govsync::dmarc {
namespace {

const char* const kReport =
    "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>QP Org</org_name><report_id>qp-1</report_id>"
    "<date_range><begin>1</begin><end>2</end></date_range></report_metadata>"
    "<policy_published><domain>example.com</domain><p>none</p></policy_published>"
    "<record><row><source_ip>192.0.2.9</source_ip><count>4</count></row></record></feedback>";

// `text` encoded as quoted-printable with soft line breaks every 60 characters.
std::string quoted_printable(std::string_view text) {
  std::string encoded;
  std::size_t line = 0;
  for (const char c : text) {
    std::string piece(1, c);
    if (c == '=' || c == '"') {
      constexpr const char* kHex = "0123456789ABCDEF";
      piece = std::string("=") + kHex[(static_cast<unsigned char>(c) >> 4U) & 0xFU] + kHex[c & 0xF];
    }
    if (line + piece.size() > 60) {
      encoded += "=\n";  // the line ending is converted with the rest of the mail
      line = 0;
    }
    encoded += piece;
    line += piece.size();
  }
  return encoded;
}

std::string mail_with_xml_part(const std::string& line_ending) {
  std::string mail =
      "From: reporter@example.net\nTo: dmarc@example.com\nSubject: Report\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed;\n boundary=\"==b==\"\n\nPreamble\n--==b==\n"
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nHello=\n there\n"
      "--==b==\nContent-Type: text/xml; name=\"report.xml\"\nContent-Transfer-Encoding: quoted-printable\n"
      "Content-Disposition: attachment; filename=\"example.net!example.com!1!2.xml\"\n\n" +
      quoted_printable(kReport) + "\n--==b==--\n";
  std::string converted;
  for (const char c : mail) {
    if (c == '\n') {
      converted += line_ending;
    } else {
      converted += c;
    }
  }
  return converted;
}

TEST(MimeAttachments, QuotedPrintableXmlAttachmentWithCrlf) {
  const auto attachments = find_report_attachments(mail_with_xml_part("\r\n"));
  ASSERT_EQ(attachments.size(), 1U);
  EXPECT_EQ(attachments[0].file_name, "example.net!example.com!1!2.xml");
  EXPECT_EQ(attachments[0].content_type, "text/xml");
  EXPECT_EQ(attachments[0].bytes, kReport);
}

TEST(MimeAttachments, QuotedPrintableXmlAttachmentWithLfParsesAsReport) {
  const ExtractOutcome outcome = extract_reports(mail_with_xml_part("\n"), "message.eml");
  ASSERT_TRUE(outcome.ok()) << outcome.rejection;
  ASSERT_EQ(outcome.documents.size(), 1U);
  ASSERT_TRUE(outcome.documents[0].outcome.ok()) << outcome.documents[0].outcome.rejection;
  EXPECT_EQ(outcome.documents[0].outcome.report->org_name, "QP Org");
  EXPECT_EQ(outcome.documents[0].outcome.report->records.at(0).count, 4);
}

TEST(MimeAttachments, ForwardedMessageIsFollowed) {
  const std::string inner = "From: a@example.net\r\nContent-Type: application/xml\r\n\r\n" + std::string(kReport);
  const std::string outer =
      "From: b@example.org\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\n"
      "Content-Type: message/rfc822\r\n\r\n" +
      inner + "\r\n--outer--\r\n";
  const auto attachments = find_report_attachments(outer);
  ASSERT_EQ(attachments.size(), 1U);
  EXPECT_EQ(attachments[0].file_name, "attachment-1");
  EXPECT_EQ(attachments[0].bytes, kReport);
}

TEST(MimeAttachments, Rfc2231FileNameIsDecoded) {
  const std::string mail =
      "From: a@example.net\nContent-Type: application/octet-stream\n"
      "Content-Disposition: attachment; filename*=utf-8''r%C3%A9port.xml\nContent-Transfer-Encoding: base64\n\n"
      "PGZlZWRiYWNrLz4=\n";
  const auto attachments = find_report_attachments(mail);
  ASSERT_EQ(attachments.size(), 1U);
  EXPECT_EQ(attachments[0].file_name, "r\xC3\xA9port.xml");
  EXPECT_EQ(attachments[0].bytes, "<feedback/>");
}

TEST(MimeAttachments, MailWithoutReportIsRejected) {
  const std::string mail = "From: a@example.net\nSubject: hi\nContent-Type: text/plain\n\nJust text.\n";
  EXPECT_TRUE(find_report_attachments(mail).empty());
  EXPECT_TRUE(looks_like_mail(mail));
  EXPECT_EQ(extract_reports(mail, "note.eml").rejection, "email has no report attachment");
}

}  // namespace
}  // namespace govsync::dmarc
