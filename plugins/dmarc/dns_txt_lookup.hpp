#pragma once
// TXT records through libresolv, with an optional server of our choosing.

#include <optional>
#include <string>
#include <vector>

namespace govsync::dmarc {

struct TxtLookup {
  std::vector<std::string> records;  // each TXT record, its strings joined
  std::string error;                 // why the lookup failed ("" on success, also when there is no record)
};

/// Looks up the TXT records of `name`. `server` is "" (the system's resolver)
/// or "ADDRESS[:PORT]" (IPv4, default port 53), e.g. a resolver on loopback.
TxtLookup lookup_txt(const std::string& name, const std::string& server);

struct DmarcPolicy {
  std::string record;  // the v=DMARC1 record as published
  std::string p, sp, rua;
  std::optional<int> pct;
};

/// The DMARC policy among TXT records (the one starting "v=DMARC1"), if any.
std::optional<DmarcPolicy> dmarc_policy_of(const std::vector<std::string>& records);

}  // namespace govsync::dmarc
