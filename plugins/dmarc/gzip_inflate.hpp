#pragma once
// Internal: gunzip with the budget, accepting concatenated members (as gzip(1) does) and
// trailing whitespace or NUL padding after the last member (seen from Mimecast).

#include <string>
#include <string_view>

#include "decompression_budget.hpp"

namespace govsync::dmarc::detail {

/// The decompressed bytes, or a rejection reason.
struct GunzipResult {
  std::string bytes;  ///< decompressed content of every member, concatenated
  std::string error;  ///< e.g. "corrupt gzip: incorrect data check"; empty on success
};

/// True when `bytes` starts with the gzip magic number 1f 8b.
bool has_gzip_magic(std::string_view bytes) noexcept;

/// Decompresses the gzip data in `input`.
GunzipResult gunzip(std::string_view input, DecompressionBudget& budget);

}  // namespace govsync::dmarc::detail
