#include "truncate/truncation_service.hpp"

#include <spdlog/spdlog.h>

#include "truncate/utf8_fit.hpp"

namespace govsync::host {
namespace {

// Row keys are for people reading the audit; an absurdly long one is itself cut.
constexpr std::size_t kMaxAuditedKeyChars = 1000;

}  // namespace

TruncationService::TruncationService(const SchemaCatalog& catalog, std::shared_ptr<spdlog::logger> log,
                                     std::string plugin, std::string tenant, std::int64_t run_id)
    : catalog_(catalog),
      log_(std::move(log)),
      plugin_(std::move(plugin)),
      tenant_(std::move(tenant)),
      run_id_(run_id) {}

std::optional<std::size_t> TruncationService::width(std::string_view table, std::string_view column) const {
  return catalog_.width(table, column);
}

std::string TruncationService::fit(std::string_view table, std::string_view column, std::string_view value,
                                   std::string_view row_key) {
  const auto max_chars = catalog_.width(table, column);
  auto fitted = fit_utf8(value, max_chars);
  if (fitted.repaired) {
    log_->warn("invalid UTF-8 repaired: plugin={} tenant={} table={} column={} row_key={}", plugin_, tenant_, table,
               column, fit_utf8(row_key, kMaxAuditedKeyChars).text);
  }
  if (!fitted.cut) return std::move(fitted.text);
  TruncationRecord record{run_id_,
                          plugin_,
                          tenant_,
                          std::string(table),
                          std::string(column),
                          fit_utf8(row_key, kMaxAuditedKeyChars).text,
                          fitted.original_chars,
                          *max_chars};
  log_->warn(
      "value truncated: plugin={} tenant={} table={} column={} row_key={} original_length={} max_length={} "
      "run_id={}",
      record.plugin, record.tenant, record.table, record.column, record.row_key, record.original_chars,
      record.max_chars, record.run_id);
  {
    std::lock_guard lock(mutex_);
    records_.push_back(std::move(record));
    ++cuts_;
  }
  return std::move(fitted.text);
}

std::vector<TruncationRecord> TruncationService::take_records() {
  std::lock_guard lock(mutex_);
  return std::exchange(records_, {});
}

std::uint64_t TruncationService::cuts() const {
  std::lock_guard lock(mutex_);
  return cuts_;
}

std::size_t TruncationService::record_count() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

}  // namespace govsync::host
