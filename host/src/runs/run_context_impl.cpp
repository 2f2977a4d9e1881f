#include "runs/run_context_impl.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace govsync::host {

RunContextImpl::RunContextImpl(govsync::TenantInfo tenant, std::int64_t run_id, LazyTransaction& transaction,
                               const SchemaCatalog& catalog, TruncationService& truncator,
                               std::shared_ptr<spdlog::logger> log, const Poco::Util::AbstractConfiguration& config,
                               const RunControl& control,
                               std::function<std::unique_ptr<govsync::AzureClient>()> make_azure_client,
                               DeletionGuard deletion)
    : tenant_(std::move(tenant)),
      run_id_(run_id),
      transaction_(transaction),
      catalog_(catalog),
      truncator_(truncator),
      log_(std::move(log)),
      config_(config),
      control_(control),
      make_azure_client_(std::move(make_azure_client)),
      deletion_(std::move(deletion)) {}

govsync::AzureClient& RunContextImpl::azure() {
  if (!azure_) azure_ = make_azure_client_();
  return *azure_;
}

govsync::TableWriter& RunContextImpl::writer(const std::string& table, const govsync::WriterOptions& options) {
  if (const auto it = writers_.find(table); it != writers_.end()) return *it->second;
  const auto* info = catalog_.table(table);
  if (info == nullptr) {
    throw std::invalid_argument("no table named " + table + " in the database; is its migration applied?");
  }
  auto writer =
      std::make_unique<TableWriterImpl>(transaction_, *info, tenant_.id, run_id_, options, truncator_, deletion_);
  auto& ref = *writer;
  writers_.emplace(table, std::move(writer));
  return ref;
}

void RunContextImpl::progress(std::string_view stage, std::uint64_t done, std::uint64_t total) {
  if (total > 0) {
    log_->debug("progress: {} {}/{}", stage, done, total);
  } else {
    log_->debug("progress: {} {}", stage, done);
  }
  if (on_progress_) on_progress_(stage, done, total);
}

std::uint64_t RunContextImpl::finish_writers() {
  for (const auto& [table, writer] : writers_) {
    if (writer->failed()) {
      throw std::runtime_error("a write to " + table +
                               " failed earlier in this run (the plugin caught the error); "
                               "the run is rolled back");
    }
  }
  std::uint64_t deleted = 0;
  for (auto& [_, writer] : writers_) deleted += writer->finish();
  return deleted;
}

std::uint64_t RunContextImpl::rows_written() const {
  std::uint64_t rows = 0;
  for (const auto& [_, writer] : writers_) rows += writer->rows_written();
  return rows;
}

std::uint64_t RunContextImpl::duplicate_keys() const {
  std::uint64_t rows = 0;
  for (const auto& [_, writer] : writers_) rows += writer->duplicate_keys().rows;
  return rows;
}

}  // namespace govsync::host
