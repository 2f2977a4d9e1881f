// libFuzzer target: arbitrary bytes through the unpacker and the report parser, as the plugin
// feeds a mailbox attachment whose name says nothing. Built only with clang (see
// CMakeLists.txt); run it with scripts/fuzz-dmarc.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "report_extractor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  govsync::dmarc::UnpackLimits limits;
  limits.max_decompressed_bytes = std::size_t{8} << 20U;  // keeps each run fast; the logic is the same
  const govsync::dmarc::ExtractOutcome outcome = govsync::dmarc::extract_reports(bytes, "input.bin", {}, limits);
  // Also parse the raw bytes directly, as if they were an XML document.
  const govsync::dmarc::ParseOutcome direct = govsync::dmarc::parse_report(bytes);
  if (outcome.ok() == outcome.rejection.empty() && direct.ok() == direct.rejection.empty()) return 0;
  __builtin_trap();  // an outcome must be either a result or a reason, never both nor neither
}
