#pragma once
// The mass-deletion guard: delete-unseen may not remove most of a tenant's
// rows in a table unless the operator asked for it. A listing that lost most
// of its items in one run is far more often a fault (a bogus answer, a wrong
// filter, a permission just revoked) than a real loss; the run that would
// commit it fails and rolls back instead, and says how to allow it once.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace govsync::host {

/// Deletions of at most this many rows of a table are never refused.
inline constexpr std::uint64_t kRowsAlwaysDeletable = 10;
/// [domain.X] max_delete_fraction when the configuration does not set it.
inline constexpr double kDefaultMaxDeleteFraction = 0.5;

struct DeletionGuard {
  std::string domain;  // named in the refusal, with the command that allows it
  double max_fraction = kDefaultMaxDeleteFraction;
  bool allowed = false;  // this run may delete any share (--allow-mass-delete)
};

/// A run's delete-unseen refused by the guard.
class MassDeletionRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws MassDeletionRefused when deleting `deleting` of the tenant's
/// `stored` rows in `table` (stored before the run wrote) is more than the
/// guard allows: more than kRowsAlwaysDeletable rows and more than
/// max_fraction of the stored ones.
void check_deletion(const DeletionGuard& guard, const std::string& table, const std::string& tenant,
                    std::uint64_t deleting, std::uint64_t stored);

}  // namespace govsync::host
