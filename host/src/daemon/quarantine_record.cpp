#include "daemon/quarantine_record.hpp"

#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include <tuple>

namespace govsync::host {
namespace {

bool same(const std::vector<HeldBack>& a, const std::vector<HeldBack>& b) {
  const auto fields = [](const HeldBack& h) { return std::tie(h.plugin, h.domain, h.tenant, h.why); };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fields(a[i]) != fields(b[i])) return false;
  }
  return true;
}

}  // namespace

QuarantineRecord::QuarantineRecord(Database& db, std::string hostname) : db_(db), hostname_(std::move(hostname)) {}

void QuarantineRecord::publish(const std::vector<HeldBack>& held) {
  if (same(held, written_)) return;
  try {
    record_quarantines(db_, hostname_, held);
    written_ = held;
  } catch (const Poco::Exception& e) {
    spdlog::warn(
        "cannot record the quarantines in daemon_quarantines (govsync status and plugins will not show "
        "them until it can): {}",
        redact_connection_secrets(e.displayText()));
  }
}

}  // namespace govsync::host
