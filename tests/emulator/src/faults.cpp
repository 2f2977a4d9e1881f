#include "faults.hpp"

namespace govsync::emulator {
namespace {

bool every(int period, std::uint64_t number) { return period > 0 && number % static_cast<std::uint64_t>(period) == 0; }

Response with_retry_after(Response response, const Tenant& tenant) {
  response.headers.emplace_back(tenant.faults.throttle_header, tenant.faults.retry_after);
  return response;
}

Response forbidden(const Tenant& tenant, Api api, const Request& request) {
  const auto object_id = tenant.client_id;
  const auto message = "The client '" + tenant.client_id + "' with object id '" + object_id +
                       "' does not have authorization to perform action '" + request.method + " " + request.path +
                       "' over scope '" + request.path +
                       "' or the scope is invalid. If access was recently granted, "
                       "please refresh your credentials.";
  return api_error(api, 403, "AuthorizationFailed", message, request);
}

}  // namespace

std::optional<Response> injected_fault(const Tenant& tenant, std::uint64_t number, Api api, const Request& request,
                                       const Sleeper& sleep) {
  const auto& faults = tenant.faults;
  if (faults.status_for_all != 0) {
    auto response = status_error(api, faults.status_for_all, request);
    if (faults.status_for_all == 429) response = with_retry_after(std::move(response), tenant);
    return response;
  }
  for (const auto& fragment : faults.forbidden_paths) {
    if (!fragment.empty() && request.path.find(fragment) != std::string::npos) return forbidden(tenant, api, request);
  }
  if (every(faults.hang_every, number)) sleep(faults.hang_ms);
  const bool among_first = number <= static_cast<std::uint64_t>(faults.throttle_first);
  if (among_first || every(faults.throttle_every, number)) {
    return with_retry_after(api_error(api, 429, "TooManyRequests", "Rate limit is exceeded. Try again later.", request),
                            tenant);
  }
  if (every(faults.server_error_every, number)) return status_error(api, faults.server_error_status, request);
  return std::nullopt;
}

}  // namespace govsync::emulator
