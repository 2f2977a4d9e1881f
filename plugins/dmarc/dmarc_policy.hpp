#pragma once
// The DMARC policy among the TXT records published at _dmarc.<domain>
// (RFC 7489 section 6.6.3).

#include <optional>
#include <string>
#include <vector>

namespace govsync::dmarc {

struct DmarcPolicy {
  std::string record;  // the v=DMARC1 record as published
  std::string p, sp, rua;
  std::optional<int> pct;
};

struct PolicyChoice {
  std::optional<DmarcPolicy> policy;  // the one record starting "v=DMARC1", if exactly one does
  std::string note;                   // why no policy applies although records start "v=DMARC1"; "" otherwise
};

/// The DMARC policy among TXT records: records not starting "v=DMARC1" are
/// ignored; none left is no policy; more than one left is no policy either
/// (RFC 7489 section 6.6.3), and `note` says so.
PolicyChoice dmarc_policy_of(const std::vector<std::string>& records);

}  // namespace govsync::dmarc
