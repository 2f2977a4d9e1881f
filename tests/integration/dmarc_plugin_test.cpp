// The dmarc plugin end to end: reports from a Microsoft Graph mailbox (the
// emulator) and from a folder (every sample report, the broken ones too), and
// published policies from a DNS server on loopback (dnsmasq), on both backends.
#include "backend_param.hpp"
#include "test_paths.hpp"

namespace govsync::test {
namespace {

const std::filesystem::path kSamples = std::filesystem::path(GOVSYNC_TEST_SOURCE_DIR) / "tests" / "dmarc" / "samples";

class DmarcPlugin : public OnEachBackend {
 protected:
  std::filesystem::path config(const std::string& emulator_url, const std::string& domain_keys, int tenants = 1) {
    const auto plugins = dir_ / "plugins";
    std::filesystem::create_directories(plugins);
    std::filesystem::copy_file(std::filesystem::path(GOVSYNC_TEST_PLUGIN_BUILD_DIR) / "dmarc.so", plugins / "dmarc.so",
                               std::filesystem::copy_options::overwrite_existing);
    return write_config(dir_, db_.url(), plugins, tenants,
                        "[azure]\nauthority = " + emulator_url + "\nmanagement = " + emulator_url +
                            "\ngraph = " + emulator_url + "\n[domain.dmarc]\nenabled = true\n" + domain_keys);
  }
  // `extra`: more tenant fields, each starting with a comma. The tenant verifies the domains of the samples' reports.
  std::string scenario(const std::vector<std::string>& reports, const std::string& extra = "") {
    std::string list;
    for (const auto& r : reports) list += (list.empty() ? "\"" : ", \"") + (kSamples / r).string() + "\"";
    return R"({"seed": 2, "tenants": [{"directory_id": "00000000-0000-0000-0000-000000000001",
        "client_id": "11111111-1111-1111-1111-111111111111", "client_secret": "not-a-real-secret-1",
        "domains": ["t1.example", "nopolicy.example", "example.com", "example.de", "indemed.com", "twlnet.com",
                    "ab.id.au", "borschow.com"], "mailbox": "dmarc@t1.example", "page_size": 3,
        "dmarc_reports": [)" +
           list + "]" + extra + "}]}";
  }

  // A copy of the RFC 9990 sample report for `domain`, with its own report id, in the test's folder.
  std::filesystem::path report_for(const std::string& domain) {
    auto xml = read_file(kSamples / "rfc9990-sample.xml");
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"<domain>example.com</domain>", "<domain>" + domain + "</domain>"},
             {"3v98abbp8ya9n3va8yr8oa3ya", "report-" + domain}}) {
      xml.replace(xml.find(from), from.size(), to);
    }
    const auto file = dir_ / (domain + ".xml");
    write_file(file, xml);
    return file;
  }
  // Two tenants: t1 (verified t1.example) holds the shared mailbox dmarc@msp.example
  // with `reports`; t2 verifies t2.example and owns no mailbox.
  static std::string two_tenants(const std::vector<std::filesystem::path>& reports) {
    std::string list;
    for (const auto& r : reports) list += (list.empty() ? "\"" : ", \"") + r.string() + "\"";
    return R"({"seed": 2, "tenants": [{"directory_id": "00000000-0000-0000-0000-000000000001",
        "client_id": "11111111-1111-1111-1111-111111111111", "client_secret": "not-a-real-secret-1",
        "domains": ["t1.example"], "mailbox": "dmarc@msp.example", "dmarc_reports": [)" +
           list + R"(]}, {"directory_id": "00000000-0000-0000-0000-000000000002",
        "client_id": "11111111-1111-1111-1111-111111111111", "client_secret": "not-a-real-secret-2",
        "domains": ["t2.example"]}]})";
  }

  TestDatabase db_{GetParam()};
  TempDir dir_;
};

TEST_P(DmarcPlugin, ReadsTheMailboxAndDnsAndRecordsBrokenReportsWithoutFailing) {
  EmulatorProcess emulator(scenario(
      {"nice-input.xml.gz", "twilight.eml", "rfc9990-sample.xml", "invalid_xml.xml", "mimecast-weird-gzip.eml"}));
  const std::vector<std::pair<std::string, std::string>> records{
      {"_dmarc.t1.example", "v=DMARC1; p=reject; sp=quarantine; pct=50; rua=mailto:dmarc@t1.example"}};
  DnsServer dns(records);
  const auto file = config(emulator.base_url(), "mailbox = dmarc@t1.example\ndns_server = " + dns.address() + "\n");
  const auto first = run_govsync({"run", "--config", file.string()});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports"), 4);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_rejected_reports"), 1);
  EXPECT_NE(db_.text("SELECT reason FROM dmarc_rejected_reports").find("not well-formed XML at line 5"),
            std::string::npos);
  EXPECT_NE(db_.text("SELECT source_name FROM dmarc_rejected_reports").find("invalid_xml.xml"), std::string::npos);
  // nice-input: Google's report, 20 records, values normalised.
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_records r JOIN dmarc_reports p ON p.tenant_id = r.tenant_id AND "
                      "p.org_name = r.org_name AND p.report_id = r.report_id WHERE p.source_name LIKE '%nice-input%'"),
            20);
  EXPECT_EQ(
      db_.count("SELECT COUNT(*) FROM dmarc_records WHERE disposition NOT IN ('none', 'quarantine', 'reject', 'pass')"),
      0);
  // Published policies: one found, one domain without a record.
  EXPECT_EQ(db_.text("SELECT policy FROM dmarc_domain_policies WHERE domain = 't1.example'"), "reject");
  EXPECT_EQ(db_.text("SELECT subdomain_policy FROM dmarc_domain_policies WHERE domain = 't1.example'"), "quarantine");
  EXPECT_EQ(db_.count("SELECT pct FROM dmarc_domain_policies WHERE domain = 't1.example'"), 50);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_domain_policies WHERE domain = 'nopolicy.example' AND policy IS NULL "
                      "AND lookup_error IS NULL"),
            1);
  // A second run stores nothing twice.
  ASSERT_EQ(run_govsync({"run", "--config", file.string()}).exit_code, 0);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports"), 4);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_records"),
            db_.count("SELECT SUM(n) FROM (SELECT COUNT(*) AS n FROM "
                      "dmarc_records GROUP BY org_name, report_id) AS c"));
}

TEST_P(DmarcPlugin, EverySampleInAFolderIsStoredOrRejectedWithItsReason) {
  EmulatorProcess emulator(scenario({}));
  const auto reports = dir_ / "reports";
  std::filesystem::create_directories(reports);
  for (const auto& entry : std::filesystem::directory_iterator(kSamples)) {
    if (entry.path().filename() != "SOURCES.tsv")
      std::filesystem::copy_file(entry.path(), reports / entry.path().filename());
  }
  const auto file = config(emulator.base_url(), "reports_dir = " + reports.string() + "\ncheck_dns = false\n");
  const auto result = run_govsync({"run", "--config", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_rejected_reports"), 4);
  for (const auto& [name, reason] : std::vector<std::pair<std::string, std::string>>{
           {"file:empty.xml", "empty file"},
           {"file:invalid_xml.xml", "not well-formed XML at line 5, column 17"},
           {"file:invalid_utf_8.xml", "invalid UTF-8 at byte 706"},
           {"file:ikea.com!example.de!1538690400!1538776800.xml", "not well-formed XML at line 47"}}) {
    EXPECT_NE(db_.text("SELECT reason FROM dmarc_rejected_reports WHERE source_name = '" + name + "'").find(reason),
              std::string::npos)
        << name;
  }
  // The large report: 2,286 records.
  EXPECT_EQ(
      db_.count("SELECT COUNT(*) FROM dmarc_records r JOIN dmarc_reports p ON p.tenant_id = r.tenant_id AND "
                "p.org_name = r.org_name AND p.report_id = r.report_id WHERE p.source_name LIKE '%large-example%'"),
      2286);
  EXPECT_GE(db_.count("SELECT COUNT(*) FROM dmarc_reports"), 15);
}

TEST_P(DmarcPlugin, AReportFileOverTheSizeLimitIsRejectedUnread) {
  EmulatorProcess emulator(scenario({}));
  const auto reports = dir_ / "reports";
  std::filesystem::create_directories(reports);
  std::filesystem::copy_file(kSamples / "nice-input.xml.gz", reports / "nice-input.xml.gz");
  // 200 MB that take no disk space: a hole.
  write_file(reports / "huge.xml", "");
  std::filesystem::resize_file(reports / "huge.xml", 200ULL << 20);
  const auto file = config(emulator.base_url(), "reports_dir = " + reports.string() + "\ncheck_dns = false\n");
  const auto result = run_govsync({"run", "--config", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(db_.text("SELECT reason FROM dmarc_rejected_reports WHERE source_name = 'file:huge.xml'"),
            "too large: 209715200 bytes, over the 64 MiB limit; not read");
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports WHERE source_name = 'file:nice-input.xml.gz'"), 1);
}

// A report shared from OneDrive or SharePoint arrives as a referenceAttachment:
// a link with no content. It is recorded as rejected with what it is, by name,
// not as an "empty file"; the message's neighbours are read as usual.
TEST_P(DmarcPlugin, AReferenceAttachmentIsRejectedAsALinkWithoutContent) {
  const std::string link = "google.com!t1.example!1700000000!1700086400.xml.gz";
  EmulatorProcess emulator(scenario({"nice-input.xml.gz"}, ", \"dmarc_reference_attachments\": [\"" + link + "\"]"));
  const auto file = config(emulator.base_url(), "mailbox = dmarc@t1.example\ncheck_dns = false\n");
  const auto result = run_govsync({"run", "--config", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports WHERE source_name LIKE '%/nice-input.xml.gz'"), 1);
  ASSERT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_rejected_reports"), 1);
  const auto source = db_.text("SELECT source_name FROM dmarc_rejected_reports");
  EXPECT_EQ(source.rfind("mailbox:", 0), 0U) << source;
  EXPECT_NE(source.find("/" + link), std::string::npos) << source;
  const auto reason = db_.text("SELECT reason FROM dmarc_rejected_reports");
  EXPECT_EQ(reason.find("empty file"), std::string::npos) << reason;
  EXPECT_NE(reason.find("attachment \"" + link + "\" is a link to a file in OneDrive or SharePoint"), std::string::npos)
      << reason;
  EXPECT_NE(reason.find("cannot read it"), std::string::npos) << reason;
}

// A forwarded report arrives as an itemAttachment: an attached message, listed
// without content. Its MIME ($value) is read as an e-mail, so the report inside
// is stored with its records, not rejected as an "empty file".
TEST_P(DmarcPlugin, AnItemAttachedReportIsReadFromTheAttachedMessage) {
  EmulatorProcess emulator(scenario(
      {"rfc9990-sample.xml"}, ", \"dmarc_item_attachments\": [\"" + (kSamples / "nice-input.xml.gz").string() + "\"]"));
  const auto file = config(emulator.base_url(), "mailbox = dmarc@t1.example\ncheck_dns = false\n");
  const auto result = run_govsync({"run", "--config", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_rejected_reports"), 0)
      << db_.text("SELECT reason FROM dmarc_rejected_reports");
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports"), 2);
  EXPECT_EQ(emulator.request_count("/$value", 200), 1U);
  // nice-input: Google's report of 20 records, under the attached message's name.
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_records r JOIN dmarc_reports p ON p.tenant_id = r.tenant_id AND "
                      "p.org_name = r.org_name AND p.report_id = r.report_id WHERE p.org_name = 'google.com' AND "
                      "p.source_name LIKE 'mailbox:%FW: DMARC aggregate report nice-input.xml.gz%'"),
            20);
}

// An attached message whose contents cannot be fetched is rejected with the
// service's answer; the run goes on and the other messages are stored.
TEST_P(DmarcPlugin, AnItemAttachmentThatCannotBeFetchedIsRejectedWithTheReason) {
  EmulatorProcess emulator(
      scenario({"rfc9990-sample.xml"}, ", \"dmarc_item_attachments\": [\"" + (kSamples / "nice-input.xml.gz").string() +
                                           "\"], \"faults\": {\"forbidden_paths\": [\"/$value\"]}"));
  const auto file = config(emulator.base_url(), "mailbox = dmarc@t1.example\ncheck_dns = false\n");
  const auto result = run_govsync({"run", "--config", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports"), 1);
  ASSERT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_rejected_reports"), 1);
  const auto reason = db_.text("SELECT reason FROM dmarc_rejected_reports");
  EXPECT_NE(reason.find("is an attached message (a Graph itemAttachment) whose contents"), std::string::npos) << reason;
  EXPECT_NE(reason.find("403"), std::string::npos) << reason;
}

// Issue 19, item 7: one aggregate-report mailbox for every tenant, read with
// t1's credentials (mailbox_tenant). Each report goes to the tenant whose
// verified domains include its policy domain or a parent of it; one for a
// domain nobody verified is recorded as unattributed; a message read to the
// end is not downloaded again.
TEST_P(DmarcPlugin, ASharedMailboxStoresEachReportForItsOwnTenantOnly) {
  EmulatorProcess emulator(
      two_tenants({report_for("t1.example"), report_for("mail.t2.example"), report_for("unknown.example")}));
  const auto file =
      config(emulator.base_url(), "mailbox = dmarc@msp.example\nmailbox_tenant = t1\ncheck_dns = false\n", 2);
  // The first cycle records t2's domains (t1's run, beside it, may find mail.t2.example nobody's);
  // the second hands t2's report over, and t2's run of the third stores it.
  for (int cycle = 0; cycle < 3; ++cycle) {
    const auto result = run_govsync({"run", "--config", file.string()});
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  }
  EXPECT_EQ(db_.text("SELECT domain FROM dmarc_reports WHERE tenant_id = 't1'"), "t1.example");
  EXPECT_EQ(db_.text("SELECT domain FROM dmarc_reports WHERE tenant_id = 't2'"), "mail.t2.example");
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports"), 2);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_records WHERE tenant_id = 't2'"),
            db_.count("SELECT COUNT(*) FROM dmarc_records WHERE tenant_id = 't1'"));
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_report_handover"), 0);
  ASSERT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_rejected_reports"), 1);
  EXPECT_EQ(db_.text("SELECT unattributed_domain FROM dmarc_rejected_reports WHERE unattributed"), "unknown.example");
  EXPECT_NE(db_.text("SELECT reason FROM dmarc_rejected_reports").find("\"unknown.example\" is not a verified domain"),
            std::string::npos);
  // Only the message of the unattributed report is downloaded again.
  emulator.reset();
  ASSERT_EQ(run_govsync({"run", "--config", file.string()}).exit_code, 0);
  EXPECT_EQ(emulator.request_count("/attachments"), 1U);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports"), 2);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_rejected_reports WHERE unattributed"), 1);
}

// A folder every tenant's run reads: each stores only its own reports.
TEST_P(DmarcPlugin, AReportsFolderReadByEveryTenantGivesEachItsOwnReports) {
  const auto reports = dir_ / "reports";
  std::filesystem::create_directories(reports);
  for (const auto* domain : {"t1.example", "t2.example", "nobody.example"})
    std::filesystem::rename(report_for(domain), reports / (std::string(domain) + ".xml"));
  EmulatorProcess emulator(two_tenants({}));
  const auto file = config(emulator.base_url(), "reports_dir = " + reports.string() + "\ncheck_dns = false\n", 2);
  for (int cycle = 0; cycle < 2; ++cycle) {
    const auto result = run_govsync({"run", "--config", file.string()});
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  }
  EXPECT_EQ(db_.text("SELECT domain FROM dmarc_reports WHERE tenant_id = 't1'"), "t1.example");
  EXPECT_EQ(db_.text("SELECT domain FROM dmarc_reports WHERE tenant_id = 't2'"), "t2.example");
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_reports"), 2);
  EXPECT_EQ(db_.count("SELECT COUNT(*) FROM dmarc_rejected_reports WHERE unattributed AND "
                      "unattributed_domain = 'nobody.example'"),
            2);  // each tenant's run saw it
}

GOVSYNC_ON_EACH_BACKEND(DmarcPlugin);

}  // namespace
}  // namespace govsync::test
