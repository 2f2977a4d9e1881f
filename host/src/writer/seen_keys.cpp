#include "writer/seen_keys.hpp"

#include <functional>

namespace govsync::host {
namespace {

constexpr std::size_t kFirstSlots = 1024;  // a power of two, as every size after it

// A 64-bit fingerprint, never 0 (the empty slot), its bits well mixed for probing.
std::uint64_t fingerprint(std::string_view identity) {
  std::uint64_t h = std::hash<std::string_view>{}(identity);
  h ^= h >> 33;  // the finaliser of MurmurHash3
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h == 0 ? 1 : h;
}

// Puts a fingerprint in its slot by linear probing; false when it is there already.
bool place(std::vector<std::uint64_t>& slots, std::uint64_t print) {
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = print & mask;; i = (i + 1) & mask) {
    if (slots[i] == print) return false;
    if (slots[i] == 0) {
      slots[i] = print;
      return true;
    }
  }
}

}  // namespace

bool SeenKeys::insert(std::string_view identity) {
  // At most 3/4 full, so every probe ends at an empty slot soon.
  if ((count_ + 1) * 4 > slots_.size() * 3) grow();
  if (!place(slots_, fingerprint(identity))) return false;
  ++count_;
  return true;
}

void SeenKeys::grow() {
  std::vector<std::uint64_t> bigger(slots_.empty() ? kFirstSlots : slots_.size() * 2, 0);
  for (const auto print : slots_) {
    if (print != 0) place(bigger, print);
  }
  slots_ = std::move(bigger);
}

}  // namespace govsync::host
