#include "router.hpp"

#include <array>
#include <cctype>

#include "azure_handlers.hpp"
#include "graph_handlers.hpp"

namespace govsync::emulator {
namespace {

struct Route {
  const char* method;
  const char* pattern;
  Api api;
  Handler handler;
};

constexpr std::array<Route, 14> kRoutes{{
    {"GET", "/subscriptions", Api::kManagement, list_subscriptions},
    {"GET", "/subscriptions/{}/resources", Api::kManagement, list_resources},
    {"POST", "/subscriptions/{}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults", Api::kManagement,
     query_policy_states},
    {"POST", "/subscriptions/{}/providers/Microsoft.CostManagement/query", Api::kManagement, query_costs},
    {"GET", "/subscriptions/{}/providers/Microsoft.Security/secureScores/ascScore", Api::kManagement, get_secure_score},
    {"POST", "/providers/Microsoft.ResourceGraph/resources", Api::kManagement, query_resource_graph},
    {"GET", "/v1.0/users", Api::kGraph, list_users},
    {"GET", "/v1.0/users/{}/messages", Api::kGraph, list_messages},
    {"GET", "/v1.0/users/{}/messages/{}/attachments", Api::kGraph, list_attachments},
    {"GET", "/v1.0/users/{}/messages/{}/attachments/{}/$value", Api::kGraph, get_attachment_value},
    {"GET", "/v1.0/directoryRoles", Api::kGraph, list_directory_roles},
    {"GET", "/v1.0/directoryRoles/{}/members", Api::kGraph, list_role_members},
    {"GET", "/v1.0/reports/authenticationMethods/userRegistrationDetails", Api::kGraph, list_user_registrations},
    {"GET", "/v1.0/domains", Api::kGraph, list_domains},
}};

bool equal_ignoring_case(const std::string& left, const std::string& right) {
  if (left.size() != right.size()) return false;
  for (std::size_t i = 0; i < left.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(left[i])) != std::tolower(static_cast<unsigned char>(right[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> path_segments(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

std::optional<RouteMatch> match_api_route(const std::string& method, const std::string& path) {
  const auto segments = path_segments(path);
  for (const auto& route : kRoutes) {
    if (method != route.method) continue;
    const auto pattern = path_segments(route.pattern);
    if (pattern.size() != segments.size()) continue;
    RouteMatch match{route.handler, route.api, {}};
    bool matched = true;
    for (std::size_t i = 0; i < pattern.size() && matched; ++i) {
      if (pattern[i] == "{}") {
        match.captures.push_back(segments[i]);
      } else {
        matched = equal_ignoring_case(pattern[i], segments[i]);
      }
    }
    if (matched) return match;
  }
  return std::nullopt;
}

}  // namespace govsync::emulator
