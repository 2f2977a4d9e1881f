#pragma once
// Internal: one zlib inflate pass (gzip or raw deflate) bounded by a DecompressionBudget.

#include <cstddef>
#include <string>
#include <string_view>

#include "decompression_budget.hpp"

namespace govsync::dmarc::detail {

/// Which framing the compressed stream has.
enum class DeflateFraming { kGzip, kRaw };

/// The result of inflating one stream.
struct InflateResult {
  std::string bytes;         ///< the decompressed bytes (empty on error)
  std::size_t consumed = 0;  ///< input bytes that the stream occupied, trailer included
  std::string error;         ///< zlib's description of a corrupt or truncated stream, or empty
  bool over_budget = false;  ///< true when the budget ran out (error then holds its reason)
};

/// Inflates the single stream at the start of `input`, stopping at its end.
InflateResult inflate_stream(std::string_view input, DeflateFraming framing, DecompressionBudget& budget);

}  // namespace govsync::dmarc::detail
