#pragma once
// Turns Azure / Entra / Graph error responses into AzureErrors that say what to do.

#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include <govsync/azure.hpp>

namespace govsync::host {

/// The error for a non-2xx API response to `url` (body: the service's error JSON, if any).
AzureError api_error(int status, const std::string& body, const std::string& method, const std::string& url,
                     int attempts);

/// The error for a 2xx answer whose body is the service's error object
/// ({"error": {"code", "message"}}) instead of what was asked for; nothing
/// for any other body.
std::optional<AzureError> error_in_success(const Poco::JSON::Object& body, int status, const std::string& method,
                                           const std::string& url);

/// The error for a failed token request of a tenant (body: Entra's error JSON).
AzureError token_error(int status, const std::string& body, const std::string& tenant, const std::string& scope);

/// The role or permission a 403 on this URL most likely lacks.
std::string missing_role_hint(const std::string& url);

}  // namespace govsync::host
