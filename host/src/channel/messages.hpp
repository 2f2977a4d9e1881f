#pragma once
// What the supervisor and a worker tell each other, as JSON objects: one
// builder and one reader per message whose fields are more than a few scalars.

#include <map>
#include <string>

#include <Poco/JSON/Object.h>
#include <spdlog/common.h>

#include <govsync/context.hpp>

#include "config/settings.hpp"
#include "db/schema_catalog.hpp"
#include "loader/plugin_loader.hpp"

namespace govsync::host::channel {

/// A message of this type with no fields yet.
Poco::JSON::Object message_of(std::string_view type);

/// A `log` message's level, clamped to trace..critical (info when it is not a number).
spdlog::level::level_enum log_level_of(const Poco::JSON::Object& log);

/// `hello`: the plugin the worker loaded, or why it could not load it.
Poco::JSON::Object hello(const SingleLoad& load);
/// The plugin a `hello` describes (its instance stays in the worker), or its load failure.
SingleLoad plugin_of_hello(const Poco::JSON::Object& hello, const std::filesystem::path& file);

/// What a worker needs besides the plugin: nothing secret beyond the database's own URL.
struct WorkerConfiguration {
  std::map<std::string, std::string> plugin_keys;
  std::string database_url;
  AzureSettings azure;
  std::string log_level = "info";
  /// The live schema the supervisor read after migrations (empty: the worker reads it itself).
  std::vector<TableInfo> schema;
};
/// `configure`; without its schema when `with_schema` is false (for a key: one supervisor's schema never changes).
Poco::JSON::Object configure(const WorkerConfiguration& configuration, bool with_schema = true);
WorkerConfiguration configuration_of(const Poco::JSON::Object& configure);

/// `start_run`: one run, the tenant without credentials.
struct RunStart {
  std::int64_t run_id = 0;
  std::string owner;
  govsync::TenantInfo tenant;
  DeletionGuard deletion;
};
Poco::JSON::Object start_run(const RunStart& run);
RunStart run_start_of(const Poco::JSON::Object& start);

}  // namespace govsync::host::channel
