#pragma once
// Internal: a small, bounds-checked ZIP reader (central directory; stored and deflated
// members; CRC-32 verified). Encrypted, multi-disk and ZIP64 archives are refused.

#include <string>
#include <string_view>
#include <vector>

#include "decompression_budget.hpp"

namespace govsync::dmarc::detail {

/// One file inside a ZIP archive.
struct ZipMember {
  std::string name;   ///< path inside the archive
  std::string bytes;  ///< decompressed content
};

/// The file members of an archive (directories excluded), or a rejection reason.
struct ZipContents {
  std::vector<ZipMember> members;  ///< in central directory order
  std::string error;               ///< e.g. "corrupt zip: ..."; empty on success
};

/// True when `bytes` starts with a ZIP local file header or an empty archive's end record.
bool has_zip_magic(std::string_view bytes) noexcept;

/// Reads every file member of the ZIP archive in `archive`.
ZipContents read_zip(std::string_view archive, DecompressionBudget& budget);

}  // namespace govsync::dmarc::detail
