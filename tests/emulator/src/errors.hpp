#pragma once
// Error bodies in the three shapes the real services use: ARM
// {"error":{"code","message"}}, Microsoft Graph (plus innerError) and Entra
// token errors (error, error_description "AADSTS...", error_codes, ...).

#include <string>

#include "http_types.hpp"

namespace govsync::emulator {

enum class Api { kManagement, kGraph };

Response arm_error(int status, const std::string& code, const std::string& message);
Response graph_error(int status, const std::string& code, const std::string& message, const Request& request);
Response api_error(Api api, int status, const std::string& code, const std::string& message, const Request& request);
/// An error for `status` with the code the service would use for it.
Response status_error(Api api, int status, const Request& request);
/// `error` e.g. "invalid_scope", `aadsts` e.g. 70011, `description` without the "AADSTS<n>: " prefix.
Response entra_error(int status, const std::string& error, int aadsts, const std::string& description);

/// A fresh GUID for request and trace ids (not part of generated data).
std::string random_guid();

}  // namespace govsync::emulator
