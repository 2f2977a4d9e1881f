#pragma once
// The admin API's routes, independent of the HTTP server: a request in, a
// response out.
//
//   GET  /healthz               200 while the process runs
//   GET  /readyz                200, or 503 with the failing checks
//   GET  /metrics               Prometheus text format
//   GET  /api/v1/runs           ?domain=&tenant=&status=&since=&limit=
//   POST /api/v1/runs           {"domain": "...", "tenant": "..."} -> 202 {"run_id": N}
//   GET  /api/v1/runs/{id}
//   GET  /api/v1/plugins
//   GET  /api/v1/tenants
//
// /api/ routes need "Authorization: Bearer <token>" (401 otherwise); a known
// path with another method gets 405 with Allow; anything else 404.

#include <string>

#include "admin/admin_backend.hpp"
#include "admin/bearer_token.hpp"

namespace govsync::host {

struct AdminRequest {
  std::string method;
  std::string path;   // without the query
  std::string query;  // without the '?'
  std::string authorization;
  std::string body;
};

struct AdminResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;  // the Allow header of a 405
};

/// token is null when no [admin] token_file is set: /api/ routes then answer 401.
AdminResponse route_admin_request(const AdminRequest& request, AdminBackend& backend, const BearerToken* token);

}  // namespace govsync::host
