#include "admin/admin_routes.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>

#include <charconv>
#include <functional>
#include <map>
#include <sstream>
#include <variant>

#include "db/database.hpp"

namespace govsync::host {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string to_json(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str() + "\n";
}

AdminResponse json(int status, const Poco::Dynamic::Var& value) {
  return {status, "application/json", to_json(value), ""};
}

AdminResponse error(int status, const std::string& message) {
  Object::Ptr body = new Object;
  body->set("error", message);
  return json(status, body);
}

Array::Ptr strings(const std::vector<std::string>& items) {
  Array::Ptr array = new Array;
  for (const auto& item : items) array->add(item);
  return array;
}

Object::Ptr run_json(const RunRecord& r) {
  Object::Ptr o = new Object;
  o->set("id", r.id);
  o->set("domain", r.domain);
  o->set("tenant", r.tenant);
  o->set("status", r.status);
  o->set("trigger", r.trigger);
  o->set("attempt", r.attempt);
  o->set("host", r.owner);
  o->set("started_at", r.started_at.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.started_at));
  o->set("finished_at", r.finished_at.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.finished_at));
  o->set("rows_written", r.rows_written);
  o->set("rows_deleted", r.rows_deleted);
  o->set("truncations", r.truncations);
  o->set("error", r.error.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.error));
  return o;
}

// The backend reads the database: its failures are a 503, never a crash.
AdminResponse guarded(const std::function<AdminResponse()>& handler) {
  try {
    return handler();
  } catch (const Poco::Exception& e) {
    return error(503, "the database cannot be read: " + redact_connection_secrets(e.displayText()));
  } catch (const std::exception& e) {
    return error(503, "the database cannot be read: " + redact_connection_secrets(e.what()));
  }
}

std::variant<RunFilter, AdminResponse> parse_run_filter(const std::string& query) {
  RunFilter filter;
  Poco::URI::QueryParameters parameters;
  try {
    parameters = Poco::URI("/?" + query).getQueryParameters();
  } catch (const Poco::Exception& e) {
    return error(400, "malformed query string: " + e.message());
  }
  for (const auto& [name, value] : parameters) {
    if (name == "domain") {
      filter.domain = value;
    } else if (name == "tenant") {
      filter.tenant = value;
    } else if (name == "status") {
      if (value != "queued" && value != "running" && value != "succeeded" && value != "failed") {
        return error(400, "status '" + value + "' is not one of queued, running, succeeded, failed");
      }
      filter.status = value;
    } else if (name == "since") {
      filter.since = normalize_timestamp(value);
      if (!filter.since)
        return error(400, "since '" + value + "' is not an ISO 8601 time such as 2026-11-27T08:00:00Z");
    } else if (name == "limit") {
      int limit = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc{} || end != value.data() + value.size() || limit < 1 || limit > 1000) {
        return error(400, "limit '" + value + "' is not a whole number from 1 to 1000");
      }
      filter.limit = limit;
    } else {
      return error(400, "unknown query parameter '" + name + "'; use domain, tenant, status, since or limit");
    }
  }
  return filter;
}

AdminResponse list_runs(const AdminRequest& request, AdminBackend& backend) {
  auto filter = parse_run_filter(request.query);
  if (auto* response = std::get_if<AdminResponse>(&filter)) return *response;
  return guarded([&] {
    Array::Ptr runs = new Array;
    for (const auto& r : backend.runs(std::get<RunFilter>(filter))) runs->add(run_json(r));
    Object::Ptr body = new Object;
    body->set("runs", runs);
    return json(200, body);
  });
}

AdminResponse queue_run(const AdminRequest& request, AdminBackend& backend) {
  Object::Ptr body;
  try {
    body = Poco::JSON::Parser().parse(request.body).extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return error(400, "the body is not a JSON object: " + e.message());
  } catch (const std::exception&) {
    return error(400, "the body is not a JSON object");
  }
  if (!body) return error(400, "the body is not a JSON object");
  for (const auto& [name, _] : *body) {
    if (name != "domain" && name != "tenant" && name != "allow_mass_delete") {
      return error(400, "unknown field '" + name + "'; send domain, tenant and optionally allow_mass_delete");
    }
  }
  if (body->has("allow_mass_delete") && !body->get("allow_mass_delete").isBoolean()) {
    return error(400, "field 'allow_mass_delete' must be true or false");
  }
  for (const char* field : {"domain", "tenant"}) {
    if (!body->has(field) || !body->get(field).isString()) {
      return error(400, std::string("field '") + field + "' is required and must be a string");
    }
  }
  return guarded([&] {
    const auto result = backend.queue_run(body->getValue<std::string>("domain"), body->getValue<std::string>("tenant"),
                                          body->optValue<bool>("allow_mass_delete", false));
    switch (result.outcome) {
      case QueueResult::Outcome::queued: {
        Object::Ptr accepted = new Object;
        accepted->set("run_id", result.run_id);
        accepted->set("status", "queued");
        return json(202, accepted);
      }
      case QueueResult::Outcome::already_queued: {
        Object::Ptr conflict = new Object;
        conflict->set("error", result.message);
        conflict->set("run_id", result.run_id);
        return json(409, conflict);
      }
      case QueueResult::Outcome::unknown_domain:
      case QueueResult::Outcome::unknown_tenant:
        return error(400, result.message);
      case QueueResult::Outcome::unavailable:
        break;
    }
    return error(503, result.message);
  });
}

AdminResponse show_run(const std::string& id_text, AdminBackend& backend) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc{} || end != id_text.data() + id_text.size() || id <= 0) {
    return error(404, "no run " + id_text);
  }
  return guarded([&] {
    const auto run = backend.run(id);
    if (!run) return error(404, "no run " + id_text);
    return json(200, run_json(*run));
  });
}

AdminResponse list_plugins(AdminBackend& backend) {
  Array::Ptr plugins = new Array;
  for (const auto& p : backend.plugins()) {
    Object::Ptr o = new Object;
    o->set("name", p.name);
    o->set("version", p.version);
    o->set("sdk_version", p.sdk_version);
    o->set("description", p.description);
    o->set("file", p.file);
    o->set("enabled", p.enabled);
    o->set("config_keys", strings(p.config_keys));
    o->set("quarantined", p.quarantined);
    plugins->add(o);
  }
  Array::Ptr failures = new Array;
  for (const auto& f : backend.plugin_failures()) {
    Object::Ptr o = new Object;
    o->set("file", f.file);
    o->set("reason", f.reason);
    failures->add(o);
  }
  Object::Ptr body = new Object;
  body->set("plugins", plugins);
  body->set("not_loaded", failures);
  return json(200, body);
}

AdminResponse list_tenants(AdminBackend& backend) {
  Array::Ptr tenants = new Array;
  for (const auto& t : backend.tenants()) {
    Object::Ptr o = new Object;
    o->set("id", t.id);
    o->set("directory_id", t.directory_id);
    o->set("credential", t.credential);
    o->set("client_id", t.client_id.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(t.client_id));
    o->set("subscriptions", strings(t.subscriptions));
    tenants->add(o);
  }
  Object::Ptr body = new Object;
  body->set("tenants", tenants);
  return json(200, body);
}

AdminResponse readiness(AdminBackend& backend) {
  const auto report = backend.readiness();
  Object::Ptr body = new Object;
  body->set("ready", report.ready);
  body->set("checks", strings(report.checks));
  return json(report.ready ? 200 : 503, body);
}

using Handler = std::function<AdminResponse()>;

// The handler for the method, or a 405 naming the methods the path takes.
AdminResponse dispatch(const std::string& method, const std::map<std::string, Handler>& handlers) {
  if (const auto it = handlers.find(method); it != handlers.end()) return it->second();
  std::string allow;
  for (const auto& [m, _] : handlers) allow += (allow.empty() ? "" : ", ") + m;
  auto response = error(405, "method " + method + " is not allowed here; use " + allow);
  response.allow = allow;
  return response;
}

}  // namespace

AdminResponse route_admin_request(const AdminRequest& request, AdminBackend& backend, const BearerToken* token) {
  const auto& path = request.path;
  const auto& method = request.method;
  if (path == "/healthz")
    return dispatch(method, {{"GET", [] { return AdminResponse{200, "text/plain", "ok\n", ""}; }}});
  if (path == "/readyz") return dispatch(method, {{"GET", [&] { return readiness(backend); }}});
  if (path == "/metrics") {
    return dispatch(method,
                    {{"GET", [&] {
                        return AdminResponse{200, "text/plain; version=0.0.4; charset=utf-8", backend.metrics(), ""};
                      }}});
  }
  if (path.rfind("/api/", 0) != 0) return error(404, "no route " + path);
  if (token == nullptr) return error(401, "the API is disabled: set [admin] token_file");
  if (!token->accepts(request.authorization)) return error(401, "missing or wrong bearer token");

  if (path == "/api/v1/runs") {
    return dispatch(method, {{"GET", [&] { return list_runs(request, backend); }},
                             {"POST", [&] { return queue_run(request, backend); }}});
  }
  const std::string run_prefix = "/api/v1/runs/";
  if (path.rfind(run_prefix, 0) == 0 && path.size() > run_prefix.size()) {
    return dispatch(method, {{"GET", [&] { return show_run(path.substr(run_prefix.size()), backend); }}});
  }
  if (path == "/api/v1/plugins") return dispatch(method, {{"GET", [&] { return list_plugins(backend); }}});
  if (path == "/api/v1/tenants") return dispatch(method, {{"GET", [&] { return list_tenants(backend); }}});
  return error(404, "no route " + path);
}

}  // namespace govsync::host
