// Memory of a DMARC run whatever its input: each case is one file in a
// reports_dir, read by `govsync run` (worker processes) into SQLite, and the
// peak memory of govsync and its workers together is printed beside the same
// run over a small report (the baseline, measured in this run). Target: under
// 150 MiB for every case.
//
// usage: dmarc_memory_bench
#include <Poco/DeflatingStream.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "bench_process.hpp"
#include "bench_setup.hpp"

namespace {

using namespace govsync;

constexpr long kTargetKib = 150L * 1024;

std::string report_head(const std::string& report_id) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<feedback><report_metadata><org_name>bench.example</org_name><email>dmarc@bench.example</email>
<report_id>)" +
         report_id +
         R"(</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
<policy_published><domain>bench.example</domain><p>none</p><sp>none</sp><pct>100</pct></policy_published>
)";
}

std::string record(long n) {
  const auto ip =
      "10." + std::to_string(n >> 16 & 255) + "." + std::to_string(n >> 8 & 255) + "." + std::to_string(n & 255);
  return "<record><row><source_ip>" + ip +
         "</source_ip><count>3</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim>"
         "<spf>fail</spf></policy_evaluated></row><identifiers><header_from>bench.example</header_from>"
         "</identifiers><auth_results><dkim><domain>bench.example</domain><result>pass</result><selector>s1"
         "</selector></dkim><spf><domain>bench.example</domain><result>fail</result></spf></auth_results>"
         "</record>\n";
}

// A valid report of about `bytes` bytes, written as it is generated.
void write_report(const std::filesystem::path& file, std::size_t bytes, long& records) {
  std::ofstream out(file, std::ios::binary);
  const auto head = report_head("bench-" + std::to_string(bytes));
  out << head;
  std::size_t written = head.size();
  for (records = 0; written < bytes; ++records) {
    const auto text = record(records);
    out << text;
    written += text.size();
  }
  out << "</feedback>\n";
}

void write_filler(const std::filesystem::path& file, std::size_t bytes) {
  std::ofstream out(file, std::ios::binary);
  out << report_head("oversized") << "<record><row><source_ip>10.0.0.1</source_ip><count>1</count>";
  const std::string chunk(1 << 20, ' ');
  for (std::size_t written = 0; written < bytes; written += chunk.size()) out << chunk;
  out << "</row></record></feedback>\n";
}

void write_deep_nesting(const std::filesystem::path& file, long levels) {
  std::ofstream out(file, std::ios::binary);
  out << report_head("deep");
  for (long i = 0; i < levels; ++i) out << "<a>";
  for (long i = 0; i < levels; ++i) out << "</a>";
  out << "</feedback>\n";
}

// A gzip file that inflates to `bytes` zeros (about a thousandth of that on disk).
void write_gzip_bomb(const std::filesystem::path& file, std::size_t bytes) {
  std::ofstream out(file, std::ios::binary);
  Poco::DeflatingOutputStream gzip(out, Poco::DeflatingStreamBuf::STREAM_GZIP, 9);
  const std::string zeros(1 << 20, '\0');
  for (std::size_t written = 0; written < bytes; written += zeros.size()) gzip << zeros;
  gzip.close();
}

struct Case {
  std::string name;
  std::string file_name;
  std::function<void(const std::filesystem::path&)> write;
};

struct Outcome {
  double file_mib = 0;
  long reports = 0;
  long records = 0;
  long rejected = 0;
  long peak_kib = 0;
  double seconds = 0;
};

// The tenant's verified domains come from Graph (the emulator): reports are attributed by them.
Outcome measure(const Case& c, const test::EmulatorProcess& emulator) {
  test::TempDir dir;
  test::TestDatabase db(test::Backend::sqlite);
  const auto reports = dir / "reports";
  std::filesystem::create_directories(reports);
  c.write(reports / c.file_name);
  Outcome outcome;
  outcome.file_mib = static_cast<double>(std::filesystem::file_size(reports / c.file_name)) / (1 << 20);
  const auto config = bench::write_bench_config(
      dir, db.url(), 2, bench::bundled_plugins(dir), 1, emulator.base_url(),
      "[domain.dmarc]\nenabled = true\ncheck_dns = false\nreports_dir = " + reports.string() + "\n");
  const auto finished = bench::run_govsync_measured({"run", "--config", config.string()}, dir / "run.log");
  if (finished.exit_code != 0)
    throw std::runtime_error(c.name + ": govsync run failed: " + test::read_file(dir / "run.log"));
  outcome.reports = db.count("SELECT COUNT(*) FROM dmarc_reports");
  outcome.records = db.count("SELECT COUNT(*) FROM dmarc_records");
  outcome.rejected = db.count("SELECT COUNT(*) FROM dmarc_rejected_reports");
  outcome.peak_kib = finished.peak_tree_rss_kib;
  outcome.seconds = finished.seconds;
  return outcome;
}

}  // namespace

int main() {
  long records_small = 0;
  long records_large = 0;
  const std::vector<Case> cases{
      {"small report (baseline)", "small.xml", [&](const auto& f) { write_report(f, 20 << 10, records_small); }},
      {"60 MB report", "large.xml", [&](const auto& f) { write_report(f, std::size_t{60} << 20, records_large); }},
      {"200 MB file", "oversized.xml", [](const auto& f) { write_filler(f, std::size_t{200} << 20); }},
      {"1,000,000 levels of nesting", "deep.xml", [](const auto& f) { write_deep_nesting(f, 1000000); }},
      {"gzip bomb (1 GiB of zeros)", "bomb.xml.gz", [](const auto& f) { write_gzip_bomb(f, std::size_t{1} << 30); }},
  };
  std::printf("dmarc memory: peak memory of govsync run and its workers, one input file each (target %ld MiB)\n",
              kTargetKib / 1024);
  std::printf("%-30s %9s %8s %9s %9s %10s %8s\n", "input", "file MiB", "reports", "records", "rejected", "peak MiB",
              "seconds");
  const test::EmulatorProcess emulator(bench::emulator_scenario(1, 0, R"("domains": ["bench.example"])"));
  bool within = true;
  std::string json = "{\"bench\":\"dmarc_memory\",\"target_mib\":150,\"cases\":[";
  for (const auto& c : cases) {
    const auto o = measure(c, emulator);
    within = within && o.peak_kib < kTargetKib;
    std::printf("%-30s %9.1f %8ld %9ld %9ld %10.1f %8.1f\n", c.name.c_str(), o.file_mib, o.reports, o.records,
                o.rejected, static_cast<double>(o.peak_kib) / 1024, o.seconds);
    json += (json.back() == '[' ? "" : ",") + std::string("{\"input\":\"") + c.file_name +
            "\",\"peak_mib\":" + std::to_string(o.peak_kib / 1024) + ",\"reports\":" + std::to_string(o.reports) +
            ",\"rejected\":" + std::to_string(o.rejected) + "}";
  }
  std::printf("%s]}\n", json.c_str());
  std::printf("records generated: %ld (small), %ld (60 MB)\n", records_small, records_large);
  return within ? 0 : 1;
}
