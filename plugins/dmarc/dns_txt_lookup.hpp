#pragma once
// TXT records through c-ares, with an optional server of our choosing. Every
// lookup is bounded (kTxtLookupBudget); a truncated UDP answer is asked again
// over TCP; an answer of any size is read whole.

#include <chrono>
#include <string>
#include <vector>

namespace govsync::dmarc {

/// The longest one lookup_txt() call takes, whatever the server does.
inline constexpr std::chrono::milliseconds kTxtLookupBudget{5000};

struct TxtLookup {
  std::vector<std::string> records;  // each TXT record, its character-strings joined, byte for byte
  std::string error;                 // why the lookup failed ("" on success, also when there is no record)
};

/// Looks up the TXT records of `name`. `server` is "" (the system's resolver)
/// or "ADDRESS[:PORT]" (IPv4, default port 53), e.g. a resolver on loopback.
/// No such name and no TXT record are answers without records, not errors.
TxtLookup lookup_txt(const std::string& name, const std::string& server);

}  // namespace govsync::dmarc
