#pragma once
// The keys one writer has written in its run, as 64-bit fingerprints: what
// tells a key repeated in a later batch from a new one, at 8 to 16 bytes per
// key instead of the key itself.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace govsync::host {

class SeenKeys {
 public:
  /// Records a key (its identity text); false when it was recorded before.
  /// Two keys share a fingerprint with odds of about n^2 / 2^65 for n keys
  /// (below one in a million for ten million), so a repeat is reported, never
  /// acted upon: the upsert by key is what keeps the data right.
  bool insert(std::string_view identity);
  std::size_t size() const { return count_; }

 private:
  void grow();
  std::vector<std::uint64_t> slots_;  // open addressing; 0 marks an empty slot
  std::size_t count_ = 0;
};

}  // namespace govsync::host
