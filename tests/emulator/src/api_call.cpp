#include "api_call.hpp"

#include <algorithm>
#include <cctype>

namespace govsync::emulator {

std::string skip_token_param(const Request& request) {
  for (const auto& [name, value] : request.query) {
    std::string lowered = name;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lowered == "$skiptoken" || lowered == "skiptoken") return value;
  }
  return {};
}

Response invalid_skip_token(const ApiCall& call) {
  return api_error(call.api, 400, call.api == Api::kGraph ? "BadRequest" : "InvalidSkipToken",
                   "The skip token is not valid.", call.request);
}

Response subscription_not_found(const std::string& subscription_id) {
  return arm_error(404, "SubscriptionNotFound", "The subscription '" + subscription_id + "' could not be found.");
}

Response json_ok(std::string body) {
  Response response;
  response.body = std::move(body);
  return response;
}

}  // namespace govsync::emulator
