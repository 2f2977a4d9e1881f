#pragma once
// The two token endpoints: Entra client credentials
// (POST /{directory}/oauth2/v2.0/token) and managed identity (IMDS).

#include <string>

#include "http_types.hpp"
#include "scenario.hpp"
#include "tokens.hpp"

namespace govsync::emulator {

/// POST /{directory_id}/oauth2/v2.0/token
Response client_credentials_token(const Request& request, const std::string& directory_id, const Scenario& scenario,
                                  TokenAuthority& authority);

/// GET /metadata/identity/oauth2/token; `tenant_out` receives the tenant that got a token.
Response managed_identity_token(const Request& request, const Scenario& scenario, TokenAuthority& authority,
                                std::string& tenant_out);

}  // namespace govsync::emulator
