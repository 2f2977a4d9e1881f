#pragma once
// Maps an API request (method + path) to its handler. Literal segments match
// case-insensitively, as ARM paths do; "{}" captures one segment.

#include <optional>
#include <string>
#include <vector>

#include "api_call.hpp"

namespace govsync::emulator {

using Handler = Response (*)(const ApiCall&);

struct RouteMatch {
  Handler handler = nullptr;
  Api api = Api::kManagement;
  std::vector<std::string> captures;
};

std::optional<RouteMatch> match_api_route(const std::string& method, const std::string& path);

/// "/a/b/c" -> {"a", "b", "c"}
std::vector<std::string> path_segments(const std::string& path);

}  // namespace govsync::emulator
