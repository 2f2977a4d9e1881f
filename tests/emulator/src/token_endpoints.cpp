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

}  // namespace

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
  JsonWriter json;
  json.begin_object().field("token_type", "Bearer");
  json.field_int("expires_in", tenant->token_expires_in).field_int("ext_expires_in", tenant->token_expires_in);
  json.field("access_token", token).end_object();
  return json_response(json.take());
}

Response managed_identity_token(const Request& request, const Scenario& scenario, TokenAuthority& authority,
                                std::string& tenant_out) {
  if (request.header("metadata") != "true") {
    Response response;
    response.status = 400;
    response.body = R"({"error":"invalid_request","error_description":"Required metadata header not specified"})";
    return response;
  }
  const auto resource = request.param("resource");
  Audience audience = Audience::kManagement;
  if (resource == "https://graph.microsoft.com/" || resource == "https://graph.microsoft.com") {
    audience = Audience::kGraph;
  } else if (resource != "https://management.azure.com/" && resource != "https://management.azure.com") {
    Response response;
    response.status = 400;
    response.body = R"({"error":"invalid_resource","error_description":"AADSTS500011: The resource principal named )" +
                    resource + R"( was not found in the tenant."})";
    return response;
  }
  const Tenant* tenant = scenario.managed_identity_tenant();
  if (tenant == nullptr) {
    Response response;
    response.status = 400;
    response.body = R"({"error":"invalid_request","error_description":"Identity not found"})";
    return response;
  }
  tenant_out = tenant->directory_id;
  const auto now = epoch_seconds_now();
  const auto expires_on = now + tenant->token_expires_in;
  const auto lifetime = std::to_string(tenant->token_expires_in);
  JsonWriter json;
  json.begin_object();
  json.field("access_token", authority.issue(tenant->directory_id, tenant->client_id, audience, expires_on));
  json.field("client_id", tenant->client_id).field("expires_in", lifetime);
  json.field("expires_on", std::to_string(expires_on)).field("ext_expires_in", lifetime);
  json.field("not_before", std::to_string(now)).field("resource", resource).field("token_type", "Bearer");
  json.end_object();
  return json_response(json.take());
}

}  // namespace govsync::emulator
