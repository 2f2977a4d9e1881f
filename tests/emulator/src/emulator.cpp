#include "emulator.hpp"

#include <chrono>
#include <iostream>

#include "api_call.hpp"
#include "calendar.hpp"
#include "faults.hpp"
#include "router.hpp"
#include "token_endpoints.hpp"

namespace govsync::emulator {

Emulator::Emulator(std::shared_ptr<const Scenario> scenario, std::filesystem::path scenario_dir)
    : scenario_(std::move(scenario)), scenario_dir_(std::move(scenario_dir)) {}

void Emulator::set_port(int port) {
  std::lock_guard lock(mutex_);
  base_url_ = "http://127.0.0.1:" + std::to_string(port);
}

std::shared_ptr<const Scenario> Emulator::scenario() const {
  std::lock_guard lock(mutex_);
  return scenario_;
}

std::uint64_t Emulator::next_request_number(const std::string& tenant) {
  std::lock_guard lock(mutex_);
  return ++request_numbers_[tenant];
}

void Emulator::sleep_ms(int ms) {
  std::unique_lock lock(sleep_mutex_);
  sleep_wakeup_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void Emulator::shut_down() {
  {
    std::lock_guard lock(sleep_mutex_);
    stopping_ = true;
  }
  sleep_wakeup_.notify_all();
}

Response Emulator::handle(const Request& request) {
  const auto started = std::chrono::steady_clock::now();
  const bool control = request.path.rfind("/_emulator/", 0) == 0;
  RequestLog::Ticket ticket{};
  if (!control) ticket = log_.begin(request.method, request.path, request.raw_query, epoch_ms_now(), request.client);
  std::string tenant;
  Response response;
  try {
    response = dispatch(request, tenant);
  } catch (const std::exception& e) {
    response = arm_error(500, "InternalServerError", std::string("emulator error: ") + e.what());
  }
  const auto duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (!control) log_.finish(ticket, tenant, response.status, duration);
  std::cerr << request.method << ' ' << request.path << (request.raw_query.empty() ? "" : "?") << request.raw_query
            << " -> " << response.status << " (" << duration << " ms)" << (tenant.empty() ? "" : " tenant=") << tenant
            << '\n';
  return response;
}

Response Emulator::dispatch(const Request& request, std::string& tenant) {
  if (request.path.rfind("/_emulator/", 0) == 0) return handle_control(request);
  const auto segments = path_segments(request.path);
  const auto current = scenario();
  if (request.method == "POST" && segments.size() == 4 && segments[1] == "oauth2" && segments[2] == "v2.0" &&
      segments[3] == "token") {
    if (const auto* known = current->find_tenant(segments[0])) tenant = known->directory_id;
    return client_credentials_token(request, segments[0], *current, tokens_);
  }
  if (request.method == "GET" && request.path == "/metadata/identity/oauth2/token") {
    return managed_identity_token(request, *current, tokens_, tenant);
  }
  return handle_api(request, tenant);
}

Response Emulator::handle_control(const Request& request) {
  if (request.method == "GET" && request.path == "/_emulator/requests") return json_ok(log_.to_json());
  if (request.method == "POST" && request.path == "/_emulator/reset") {
    log_.clear();
    quota_.clear();
    std::lock_guard lock(mutex_);
    request_numbers_.clear();
    return json_ok(R"({"reset":true})");
  }
  if (request.method == "POST" && request.path == "/_emulator/rotate_keys") {
    tokens_.rotate_key();
    return json_ok(R"({"keys":"rotated"})");
  }
  if (request.method == "POST" && request.path == "/_emulator/scenario") {
    try {
      auto replacement = parse_scenario(request.body, scenario_dir_);
      std::lock_guard lock(mutex_);
      scenario_ = std::move(replacement);
      request_numbers_.clear();
      quota_.clear();
    } catch (const ScenarioError& e) {
      return arm_error(400, "InvalidScenario", e.what());
    }
    return json_ok(R"({"scenario":"replaced"})");
  }
  return arm_error(404, "NotFound", "No emulator control route " + request.method + " " + request.path + ".");
}

Response Emulator::handle_api(const Request& request, std::string& tenant_id) {
  const auto route = match_api_route(request.method, request.path);
  if (!route) {
    const auto api = request.path.rfind("/v1.0/", 0) == 0 ? Api::kGraph : Api::kManagement;
    return api_error(api, 404, api == Api::kGraph ? "Request_ResourceNotFound" : "NotFound",
                     "The requested path '" + request.path + "' is not served by this emulator.", request);
  }
  const auto current = scenario();
  const auto authorization = request.header("authorization");
  const auto unauthorized = [&](const std::string& code, const std::string& message) {
    auto response = api_error(route->api, 401, code, message, request);
    response.headers.emplace_back("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com\"");
    return response;
  };
  if (authorization.size() < 7 ||
      (authorization.compare(0, 7, "Bearer ") != 0 && authorization.compare(0, 7, "bearer ") != 0)) {
    return unauthorized("InvalidAuthenticationToken", "Authentication failed. The 'Authorization' header is missing.");
  }
  const auto claims = tokens_.verify(authorization.substr(7));
  const Tenant* tenant = claims ? current->find_tenant(claims->tenant) : nullptr;
  if (tenant == nullptr) {
    return unauthorized("InvalidAuthenticationToken", "The access token is invalid.");
  }
  tenant_id = tenant->directory_id;
  const auto expected = route->api == Api::kGraph ? Audience::kGraph : Audience::kManagement;
  if (claims->audience != expected) {
    return unauthorized("InvalidAuthenticationToken",
                        std::string("The access token has an invalid audience; expected ") +
                            (expected == Audience::kGraph ? kGraphAudience : kManagementAudience) + ".");
  }
  if (claims->expires_at <= epoch_seconds_now()) {
    return unauthorized("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
  }
  const auto number = next_request_number(tenant->directory_id);
  if (tenant->latency_ms > 0) sleep_ms(tenant->latency_ms);
  if (auto fault = injected_fault(*tenant, number, route->api, request, [this](int ms) { sleep_ms(ms); })) {
    return *fault;
  }
  std::vector<std::pair<std::string, std::string>> quota_headers;
  if (auto throttled = quota_.admit(*tenant, request, route->api, quota_headers)) return *throttled;
  if (route->api == Api::kManagement && request.param("api-version").empty()) {
    return arm_error(400, "MissingApiVersionParameter",
                     "The api-version query parameter (?api-version=) is required for all requests.");
  }
  std::string base_url;
  {
    std::lock_guard lock(mutex_);
    base_url = base_url_;
  }
  const ApiCall call{request, *current, *tenant, base_url, route->captures, route->api};
  auto response = route->handler(call);
  for (auto& header : quota_headers) response.headers.push_back(std::move(header));
  return response;
}

}  // namespace govsync::emulator
