#pragma once
// isolation = thread: the plugin's sync() runs on the calling thread, in this
// process. Kept for benchmarks and debugging; a plugin's crash ends the process.

#include "azure/token_cache.hpp"
#include "db/database.hpp"
#include "db/schema_catalog.hpp"
#include "runs/run_body.hpp"

namespace govsync::host {

class InProcessBody final : public RunBody {
 public:
  InProcessBody(Database& db, const SchemaCatalog& catalog) : db_(db), catalog_(catalog) {}
  SessionResult run(const RunRequest& request, std::int64_t run_id, const std::string& owner, RunControl& control,
                    RunProgress& progress, RunObserver* observer, const std::shared_ptr<spdlog::logger>& log) override;

 private:
  Database& db_;
  const SchemaCatalog& catalog_;
  TokenCache tokens_;  // shared by every run: one token per tenant and scope
};

}  // namespace govsync::host
