#pragma once
// Test helpers that build compressed inputs: gzip streams (zlib) and zip archives (Poco::Zip).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govsync::dmarc::testing {

/// `bytes` compressed as one gzip member.
std::string gzip(std::string_view bytes);

/// A zip archive of (member name, content) pairs, deflated.
std::string zip(const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace govsync::dmarc::testing
