#pragma once
// Internal: the cap on how many bytes decompression may produce for one input, shared by
// every layer (gzip in zip in e-mail ...) so that nesting cannot multiply it.

#include <cstddef>
#include <string>

namespace govsync::dmarc::detail {

/// Counts decompressed bytes against a fixed limit.
class DecompressionBudget {
 public:
  /// A budget of `limit` bytes.
  explicit DecompressionBudget(std::size_t limit) noexcept : remaining_(limit), limit_(limit) {}

  /// Takes `bytes` from the budget; false (and nothing taken) when fewer remain.
  bool take(std::size_t bytes) noexcept;
  /// True when at least `bytes` remain.
  bool allows(std::size_t bytes) const noexcept { return bytes <= remaining_; }
  /// The rejection reason used when the budget is exhausted.
  std::string exceeded_reason() const;

 private:
  std::size_t remaining_;
  std::size_t limit_;
};

}  // namespace govsync::dmarc::detail
