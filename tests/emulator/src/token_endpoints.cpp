#include "token_endpoints.hpp"

#include "calendar.hpp"
#include "errors.hpp"
#include "json_writer.hpp"

namespace govsync::emulator {
namespace {

constexpr const char* kManagementScope = "https://management.azure.com/.default";
constexpr const char* kGraphScope = "https://graph.microsoft.com/.default";

Response json_response(std::string body) {
  Response response;
  response.body = std::move(body);
  response.headers.emplace_back("Cache-Control", "no-store, no-cache");
  return response;
}

Response imds_error(int status, const std::string& error, const std::string& description) {
  JsonWriter json;
  json.begin_object().field("error", error).field("error_description", description).end_object();
  Response response;
  response.status = status;
  response.body = json.take();
  return response;
}

}  // namespace

// POST /{tenant}/oauth2/v2.0/token, grant_type=client_credentials. Errors are entra_error's
// (errors.cpp), with the error and AADSTS codes of the reference-error-codes document.
Response client_credentials_token(const Request& request, const std::string& directory_id, const Scenario& scenario,
                                  TokenAuthority& authority) {
  const auto form = parse_form(request.body);
  const auto value = [&form](const char* name) {
    const auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  const Tenant* tenant = scenario.find_tenant(directory_id);
  if (tenant == nullptr) {
    return entra_error(400, "invalid_request", 90002,
                       "Tenant '" + directory_id +
                           "' not found. Check to make sure you have the correct tenant ID and are signing into the "
                           "correct cloud. Check with your subscription administrator, this may happen if there are "
                           "no active subscriptions for the tenant.");
  }
  if (value("grant_type") != "client_credentials") {
    return entra_error(400, "unsupported_grant_type", 70003,
                       "The app requested an unsupported grant type '" + value("grant_type") + "'.");
  }
  const auto client_id = value("client_id");
  if (!tenant->client_credentials || client_id.empty() || client_id != tenant->client_id) {
    return entra_error(400, "unauthorized_client", 700016,
                       "Application with identifier '" + client_id + "' was not found in the directory '" +
                           directory_id +
                           "'. This can happen if the application has not been installed by the administrator of "
                           "the tenant or consented to by any user in the tenant. You may have sent your "
                           "authentication request to the wrong tenant.");
  }
  const auto secret = value("client_secret");
  if (secret.empty() || (!tenant->client_secret.empty() && secret != tenant->client_secret)) {
    return entra_error(401, "invalid_client", 7000215,
                       "Invalid client secret provided. Ensure the secret being sent in the request is the client "
                       "secret value, not the client secret ID, for a secret added to app '" +
                           client_id + "'.");
  }
  const auto scope = value("scope");
  Audience audience = Audience::kManagement;
  if (scope == kGraphScope) {
    audience = Audience::kGraph;
  } else if (scope != kManagementScope) {
    return entra_error(
        400, "invalid_scope", 70011,
        "The provided value for the input parameter 'scope' is not valid. The scope " + scope + " is not valid.");
  }
  const auto token = authority.issue(tenant->directory_id, tenant->client_id, audience,
                                     epoch_seconds_now() + tenant->token_expires_in);
  // "Successful response": token_type, expires_in (a number), access_token, nothing else
  // (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
  JsonWriter json;
  json.begin_object().field("token_type", "Bearer").field_int("expires_in", tenant->token_expires_in);
  json.field("access_token", token).end_object();
  return json_response(json.take());
}

// GET /metadata/identity/oauth2/token (IMDS), api-version 2018-02-01.
Response managed_identity_token(const Request& request, const Scenario& scenario, TokenAuthority& authority,
                                std::string& tenant_out) {
  // Errors: {error, error_description} with the status, error and description of the
  // "HTTP response reference" table of the IMDS document cited below.
  if (request.header("metadata") != "true") {
    return imds_error(400, "bad_request_102", "Required metadata header not specified");
  }
  const Tenant* tenant = scenario.managed_identity_tenant();
  const auto resource = request.param("resource");
  Audience audience = Audience::kManagement;
  if (resource == "https://graph.microsoft.com/" || resource == "https://graph.microsoft.com") {
    audience = Audience::kGraph;
  } else if (resource != "https://management.azure.com/" && resource != "https://management.azure.com") {
    return imds_error(400, "invalid_resource",
                      "AADSTS50001: The application named " + resource + " wasn't found in the tenant named " +
                          (tenant == nullptr ? std::string() : tenant->directory_id) + ".");
  }
  if (tenant == nullptr) {  // a VM without a managed identity; the table gives this row no status
    return imds_error(400, "unauthorized_client",
                      "The client isn't authorized to request an access token using this method.");
  }
  tenant_out = tenant->directory_id;
  const auto now = epoch_seconds_now();
  const auto expires_on = now + tenant->token_expires_in;
  const auto lifetime = std::to_string(tenant->token_expires_in);
  // The sample response of "How to use managed identities for Azure resources on an Azure VM to
  // acquire an access token", field for field; its numbers are strings
  // (https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token).
  JsonWriter json;
  json.begin_object();
  json.field("access_token", authority.issue(tenant->directory_id, tenant->client_id, audience, expires_on));
  json.field("refresh_token", "").field("expires_in", lifetime).field("expires_on", std::to_string(expires_on));
  json.field("not_before", std::to_string(now)).field("resource", resource).field("token_type", "Bearer");
  json.end_object();
  return json_response(json.take());
}

}  // namespace govsync::emulator
