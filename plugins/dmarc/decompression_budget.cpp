#include "decompression_budget.hpp"

namespace govsync::dmarc::detail {

bool DecompressionBudget::take(std::size_t bytes) noexcept {
  if (bytes > remaining_) return false;
  remaining_ -= bytes;
  return true;
}

std::string DecompressionBudget::exceeded_reason() const {
  constexpr std::size_t kMiB = std::size_t{1} << 20U;
  const std::string limit =
      limit_ % kMiB == 0 ? std::to_string(limit_ / kMiB) + " MiB" : std::to_string(limit_) + " bytes";
  return "decompressed size exceeds the limit of " + limit + " (possible decompression bomb)";
}

}  // namespace govsync::dmarc::detail
