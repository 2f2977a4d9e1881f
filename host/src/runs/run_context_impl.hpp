#pragma once
// The host's RunContext for one (domain, tenant) run.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <govsync/context.hpp>

#include "db/lazy_transaction.hpp"
#include "db/schema_catalog.hpp"
#include "runs/run_control.hpp"
#include "truncate/truncation_service.hpp"
#include "writer/table_writer.hpp"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace govsync::host {

class RunContextImpl final : public govsync::RunContext {
 public:
  RunContextImpl(govsync::TenantInfo tenant, std::int64_t run_id, LazyTransaction& transaction,
                 const SchemaCatalog& catalog, TruncationService& truncator, std::shared_ptr<spdlog::logger> log,
                 const Poco::Util::AbstractConfiguration& config, const RunControl& control,
                 std::function<std::unique_ptr<govsync::AzureClient>()> make_azure_client, DeletionGuard deletion = {});

  const govsync::TenantInfo& tenant() const override { return tenant_; }
  std::int64_t run_id() const override { return run_id_; }
  /// Begins the run's transaction if nothing did yet.
  Poco::Data::Session& session() override { return transaction_.session(); }
  std::string_view sql_dialect() const override { return dialect_name(transaction_.dialect()); }
  govsync::Truncator& truncator() override { return truncator_; }
  govsync::TableWriter& writer(const std::string& table, const govsync::WriterOptions& options) override;
  spdlog::logger& log() override { return *log_; }
  const Poco::Util::AbstractConfiguration& config() const override { return config_; }
  bool cancelled() const override { return control_.cancelled(); }
  void progress(std::string_view stage, std::uint64_t done, std::uint64_t total) override;
  govsync::AzureClient& azure() override;

  /// Told of each progress report of the plugin, after it is logged.
  using ProgressListener = std::function<void(std::string_view stage, std::uint64_t done, std::uint64_t total)>;
  void set_progress_listener(ProgressListener listener) { on_progress_ = std::move(listener); }

  /// Flushes every writer and applies delete-unseen; returns the rows deleted.
  /// Throws MassDeletionRefused when the deletion guard refuses a deletion.
  std::uint64_t finish_writers();
  std::uint64_t rows_written() const;
  /// Rows of the run that repeated a key already written (each writer logs its own at finish).
  std::uint64_t duplicate_keys() const;

 private:
  govsync::TenantInfo tenant_;
  std::int64_t run_id_;
  LazyTransaction& transaction_;
  const SchemaCatalog& catalog_;
  TruncationService& truncator_;
  std::shared_ptr<spdlog::logger> log_;
  const Poco::Util::AbstractConfiguration& config_;
  const RunControl& control_;
  std::map<std::string, std::unique_ptr<TableWriterImpl>> writers_;
  std::function<std::unique_ptr<govsync::AzureClient>()> make_azure_client_;
  std::unique_ptr<govsync::AzureClient> azure_;
  ProgressListener on_progress_;
  DeletionGuard deletion_;
};

}  // namespace govsync::host
