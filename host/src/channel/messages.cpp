#include "channel/messages.hpp"

#include <unistd.h>

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "channel/protocol.hpp"

namespace govsync::host::channel {
namespace {

Poco::JSON::Array::Ptr array_of(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr array(new Poco::JSON::Array);
  for (const auto& item : items) array->add(item);
  return array;
}

std::vector<std::string> strings_of(const Poco::JSON::Array::Ptr& array) {
  std::vector<std::string> items;
  if (array) {
    for (std::size_t i = 0; i < array->size(); ++i) items.push_back(array->getElement<std::string>(i));
  }
  return items;
}

std::vector<std::string> strings_of(const Poco::JSON::Object& object, const std::string& key) {
  return strings_of(object.getArray(key));
}

std::chrono::seconds seconds_of(const Poco::JSON::Object& object, const std::string& key,
                                std::chrono::seconds fallback) {
  return std::chrono::seconds(object.optValue<std::int64_t>(key, fallback.count()));
}

}  // namespace

Poco::JSON::Object message_of(std::string_view type) {
  Poco::JSON::Object message;
  message.set("type", std::string(type));
  return message;
}

spdlog::level::level_enum log_level_of(const Poco::JSON::Object& log) {
  int level = spdlog::level::info;
  try {
    level = log.optValue<int>("level", spdlog::level::info);
  } catch (const Poco::Exception&) {  // NOLINT(bugprone-empty-catch): a level that is no number logs at info
  }
  return static_cast<spdlog::level::level_enum>(
      std::clamp(level, static_cast<int>(spdlog::level::trace), static_cast<int>(spdlog::level::critical)));
}

Poco::JSON::Object hello(const SingleLoad& load) {
  auto message = message_of(message::hello);
  message.set("protocol", kProtocolVersion);
  message.set("pid", static_cast<std::int64_t>(::getpid()));
  if (load.failure) {
    message.set("failure_kind", static_cast<int>(load.failure->kind));
    message.set("failure", load.failure->message);
    return message;
  }
  const auto& info = load.plugin->info;
  message.set("name", info.name);
  message.set("version", info.version);
  message.set("description", info.description);
  message.set("sdk_version", static_cast<std::uint64_t>(load.plugin->sdk_version));
  message.set("sdk_major", static_cast<std::uint64_t>(info.sdk_major));
  message.set("sdk_minor", static_cast<std::uint64_t>(info.sdk_minor));
  Poco::JSON::Array::Ptr keys(new Poco::JSON::Array);
  for (const auto& key : info.config_keys) {
    Poco::JSON::Object::Ptr k(new Poco::JSON::Object);
    k->set("name", key.name);
    k->set("description", key.description);
    k->set("default", key.default_value);
    k->set("required", key.required);
    keys->add(k);
  }
  message.set("keys", keys);
  return message;
}

SingleLoad plugin_of_hello(const Poco::JSON::Object& hello, const std::filesystem::path& file) {
  SingleLoad load;
  if (hello.has("failure")) {
    load.failure = LoadFailure{file, static_cast<LoadFailureKind>(hello.getValue<int>("failure_kind")),
                               hello.getValue<std::string>("failure")};
    return load;
  }
  LoadedPlugin plugin;
  plugin.path = file;
  plugin.info.name = hello.getValue<std::string>("name");
  plugin.info.version = hello.optValue<std::string>("version", "");
  plugin.info.description = hello.optValue<std::string>("description", "");
  plugin.sdk_version = static_cast<std::uint32_t>(hello.optValue<std::uint64_t>("sdk_version", 0));
  plugin.info.sdk_major = static_cast<std::uint32_t>(hello.optValue<std::uint64_t>("sdk_major", 0));
  plugin.info.sdk_minor = static_cast<std::uint32_t>(hello.optValue<std::uint64_t>("sdk_minor", 0));
  if (const auto keys = hello.getArray("keys")) {
    for (std::size_t i = 0; i < keys->size(); ++i) {
      const auto k = keys->getObject(static_cast<unsigned>(i));
      plugin.info.config_keys.push_back(
          govsync::ConfigKey{k->getValue<std::string>("name"), k->optValue<std::string>("description", ""),
                             k->optValue<std::string>("default", ""), k->optValue<bool>("required", false)});
    }
  }
  load.plugin = std::move(plugin);
  return load;
}

Poco::JSON::Object configure(const WorkerConfiguration& configuration, bool with_schema) {
  auto message = message_of(message::configure);
  Poco::JSON::Object::Ptr keys(new Poco::JSON::Object);
  for (const auto& [key, value] : configuration.plugin_keys) keys->set(key, value);
  message.set("plugin_keys", keys);
  message.set("database_url", configuration.database_url);
  message.set("log_level", configuration.log_level);
  const auto& a = configuration.azure;
  Poco::JSON::Object::Ptr azure(new Poco::JSON::Object);
  azure->set("management", a.management);
  azure->set("graph", a.graph);
  azure->set("management_scope", a.management_scope);
  azure->set("graph_scope", a.graph_scope);
  azure->set("max_attempts", a.max_attempts);
  azure->set("max_retry_time", static_cast<std::int64_t>(a.max_retry_time.count()));
  azure->set("request_timeout", static_cast<std::int64_t>(a.request_timeout.count()));
  azure->set("allow_insecure_http", a.allow_insecure_http);
  azure->set("pace_requests", a.pace_requests);
  message.set("azure", azure);
  if (!with_schema) return message;
  Poco::JSON::Array::Ptr schema(new Poco::JSON::Array);
  for (const auto& table : configuration.schema) {
    Poco::JSON::Object::Ptr t(new Poco::JSON::Object);
    t->set("name", table.name);
    Poco::JSON::Array::Ptr columns(new Poco::JSON::Array);
    for (const auto& column : table.columns) {
      Poco::JSON::Object::Ptr c(new Poco::JSON::Object);
      c->set("name", column.name);
      if (column.max_chars) c->set("max_chars", static_cast<std::uint64_t>(*column.max_chars));
      c->set("not_null", column.not_null);
      c->set("timestamp", column.timestamp);
      columns->add(c);
    }
    t->set("columns", columns);
    Poco::JSON::Array::Ptr unique_keys(new Poco::JSON::Array);
    for (const auto& key : table.unique_keys) unique_keys->add(array_of(key));
    t->set("unique_keys", unique_keys);
    schema->add(t);
  }
  message.set("schema", schema);
  return message;
}

WorkerConfiguration configuration_of(const Poco::JSON::Object& configure) {
  WorkerConfiguration c;
  if (const auto keys = configure.getObject("plugin_keys")) {
    for (const auto& [key, value] : *keys) c.plugin_keys[key] = value.toString();
  }
  c.database_url = configure.optValue<std::string>("database_url", "");
  c.log_level = configure.optValue<std::string>("log_level", "info");
  if (const auto azure = configure.getObject("azure")) {
    auto& a = c.azure;
    a.management = azure->optValue<std::string>("management", a.management);
    a.graph = azure->optValue<std::string>("graph", a.graph);
    a.management_scope = azure->optValue<std::string>("management_scope", a.management_scope);
    a.graph_scope = azure->optValue<std::string>("graph_scope", a.graph_scope);
    a.max_attempts = azure->optValue<int>("max_attempts", a.max_attempts);
    a.max_retry_time = seconds_of(*azure, "max_retry_time", a.max_retry_time);
    a.request_timeout = seconds_of(*azure, "request_timeout", a.request_timeout);
    a.allow_insecure_http = azure->optValue<bool>("allow_insecure_http", a.allow_insecure_http);
    a.pace_requests = azure->optValue<bool>("pace_requests", a.pace_requests);
  }
  if (const auto schema = configure.getArray("schema")) {
    for (std::size_t i = 0; i < schema->size(); ++i) {
      const auto t = schema->getObject(static_cast<unsigned>(i));
      TableInfo table{t->getValue<std::string>("name"), {}, {}};
      if (const auto columns = t->getArray("columns")) {
        for (std::size_t j = 0; j < columns->size(); ++j) {
          const auto col = columns->getObject(static_cast<unsigned>(j));
          ColumnInfo column{col->getValue<std::string>("name"), std::nullopt, col->optValue<bool>("not_null", false),
                            col->optValue<bool>("timestamp", false)};
          if (col->has("max_chars")) column.max_chars = col->getValue<std::uint64_t>("max_chars");
          table.columns.push_back(std::move(column));
        }
      }
      if (const auto unique_keys = t->getArray("unique_keys")) {
        for (std::size_t k = 0; k < unique_keys->size(); ++k)
          table.unique_keys.push_back(strings_of(unique_keys->getArray(static_cast<unsigned>(k))));
      }
      c.schema.push_back(std::move(table));
    }
  }
  return c;
}

Poco::JSON::Object start_run(const RunStart& run) {
  auto message = message_of(message::start_run);
  message.set("run_id", run.run_id);
  message.set("owner", run.owner);
  message.set("tenant", run.tenant.id);
  message.set("directory_id", run.tenant.directory_id);
  message.set("subscriptions", array_of(run.tenant.subscriptions));
  message.set("domain", run.deletion.domain);
  message.set("max_delete_fraction", run.deletion.max_fraction);
  message.set("allow_mass_delete", run.deletion.allowed);
  return message;
}

RunStart run_start_of(const Poco::JSON::Object& start) {
  RunStart run;
  run.run_id = start.getValue<std::int64_t>("run_id");
  run.owner = start.getValue<std::string>("owner");
  run.tenant.id = start.getValue<std::string>("tenant");
  run.tenant.directory_id = start.optValue<std::string>("directory_id", "");
  run.tenant.subscriptions = strings_of(start, "subscriptions");
  run.deletion.domain = start.optValue<std::string>("domain", "");
  run.deletion.max_fraction = start.optValue<double>("max_delete_fraction", kDefaultMaxDeleteFraction);
  run.deletion.allowed = start.optValue<bool>("allow_mass_delete", false);
  return run;
}

}  // namespace govsync::host::channel
