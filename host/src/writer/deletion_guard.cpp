#include "writer/deletion_guard.hpp"

#include <cmath>

namespace govsync::host {

void check_deletion(const DeletionGuard& guard, const std::string& table, const std::string& tenant,
                    std::uint64_t deleting, std::uint64_t stored) {
  if (guard.allowed || deleting <= kRowsAlwaysDeletable) return;
  if (static_cast<double>(deleting) <= guard.max_fraction * static_cast<double>(stored)) return;
  const auto percent =
      stored == 0 ? 100
                  : static_cast<int>(std::lround(100.0 * static_cast<double>(deleting) / static_cast<double>(stored)));
  throw MassDeletionRefused("mass deletion refused: this run would delete " + std::to_string(deleting) + " of the " +
                            std::to_string(stored) + " rows of tenant " + tenant + " in " + table + " (" +
                            std::to_string(percent) + "%), more than [domain." + guard.domain +
                            "] max_delete_fraction allows; nothing was changed. If Azure really "
                            "no longer has them, allow it once: govsync run --domain " +
                            guard.domain + " --tenant " + tenant +
                            " --allow-mass-delete (or POST /api/v1/runs with \"allow_mass_delete\": true)");
}

}  // namespace govsync::host
