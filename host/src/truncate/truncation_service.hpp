#pragma once
// The host's Truncator for one run: fits values to the live schema, logs and records every cut.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <govsync/truncator.hpp>

#include "db/schema_catalog.hpp"

namespace spdlog {
class logger;
}

namespace govsync::host {

/// One cut, as stored in truncation_audit.
struct TruncationRecord {
  std::int64_t run_id = 0;
  std::string plugin;
  std::string tenant;
  std::string table;
  std::string column;
  std::string row_key;
  std::size_t original_chars = 0;
  std::size_t max_chars = 0;
};

class TruncationService final : public govsync::Truncator {
 public:
  TruncationService(const SchemaCatalog& catalog, std::shared_ptr<spdlog::logger> log, std::string plugin,
                    std::string tenant, std::int64_t run_id);

  std::optional<std::size_t> width(std::string_view table, std::string_view column) const override;
  std::string fit(std::string_view table, std::string_view column, std::string_view value,
                  std::string_view row_key) override;

  /// The cuts made so far; the run writes them to truncation_audit after its
  /// transaction ends, so that the record survives a rollback.
  std::vector<TruncationRecord> take_records();
  /// How many values were cut so far.
  std::size_t record_count() const;
  std::uint64_t cuts() const;

 private:
  const SchemaCatalog& catalog_;
  std::shared_ptr<spdlog::logger> log_;
  std::string plugin_;
  std::string tenant_;
  std::int64_t run_id_;
  mutable std::mutex mutex_;
  std::vector<TruncationRecord> records_;
  std::uint64_t cuts_ = 0;
};

}  // namespace govsync::host
