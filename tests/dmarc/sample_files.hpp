#pragma once
// Test helpers: reading the sample reports in tests/dmarc/samples and extracting the one
// report a sample holds.

#include <string>
#include <string_view>
#include <vector>

#include "dmarc_report.hpp"
#include "report_extractor.hpp"

namespace govsync::dmarc::testing {

/// The absolute path of sample `file_name`.
std::string sample_path(std::string_view file_name);

/// The bytes of sample `file_name` (fails the test if it cannot be read).
std::string read_sample(std::string_view file_name);

/// The file names of every sample (SOURCES.tsv excluded), sorted.
std::vector<std::string> all_sample_names();

/// Unpacks and parses sample `file_name` under its own name.
ExtractOutcome extract_sample(std::string_view file_name);

/// The single report in sample `file_name`; records a test failure (and returns an empty
/// report) unless the sample holds exactly one valid report.
Report single_report(std::string_view file_name);

/// The single report in `bytes` named `name`, with the same checks as single_report().
Report single_report_in(std::string_view bytes, std::string_view name);

}  // namespace govsync::dmarc::testing
