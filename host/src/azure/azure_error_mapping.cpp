#include "azure/azure_error_mapping.hpp"

#include <Poco/JSON/Parser.h>

#include <array>
#include <utility>

namespace govsync::host {
namespace {

struct ServiceError {
  std::string code;
  std::string message;
};

std::string field_text(const Poco::JSON::Object& object, const std::string& key) {
  return object.has(key) && !object.isNull(key) ? object.get(key).toString() : std::string();
}

// The "error" object of ARM and Graph: {"code", "message"}.
ServiceError nested_error(const Poco::JSON::Object& error) {
  return {field_text(error, "code"), field_text(error, "message")};
}

// ARM and Graph: {"error": {"code", "message"}}; Entra: {"error", "error_description"}.
ServiceError read_service_error(const std::string& body) {
  try {
    const auto json = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    if (auto nested = json->getObject("error")) return nested_error(*nested);
    return {json->optValue<std::string>("error", ""), json->optValue<std::string>("error_description", "")};
  } catch (...) {
    return {};
  }
}

std::string first_line(const std::string& text) {
  const auto end = text.find_first_of("\r\n");
  return end == std::string::npos ? text : text.substr(0, end);
}

AzureErrorKind kind_of(int status) {
  if (status == 401) return AzureErrorKind::authentication;
  if (status == 403) return AzureErrorKind::forbidden;
  if (status == 404) return AzureErrorKind::not_found;
  if (status == 429) return AzureErrorKind::throttled;
  if (status >= 500) return AzureErrorKind::server_error;
  return AzureErrorKind::bad_request;
}

}  // namespace

// ARM and Graph send errors as {"error": {"code": ..., "message": ...}}
// (https://learn.microsoft.com/azure/azure-resource-manager/templates/common-deployment-errors,
// https://learn.microsoft.com/graph/errors). Sent with a 2xx status, it is not
// an answer: taken for one, a listing would look empty.
std::optional<AzureError> error_in_success(const Poco::JSON::Object& body, int status, const std::string& method,
                                           const std::string& url) {
  if (!body.has("error") || body.isNull("error") || !body.isObject("error")) return std::nullopt;
  const auto [code, message] = nested_error(*body.getObject("error"));
  if (code.empty() && message.empty()) return std::nullopt;
  return AzureError(AzureErrorKind::malformed_response, status,
                    method + " " + url + " answered HTTP " + std::to_string(status) +
                        " with an error object instead of a result (" + code + (code.empty() ? "" : ": ") +
                        first_line(message) + "); the run fails and deletes nothing",
                    code);
}

constexpr const char* kNoPremiumLicence = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";

std::string missing_role_hint(const std::string& url) {
  static const std::array<std::pair<const char*, const char*>, 10> hints{{
      {"Microsoft.CostManagement", "the Cost Management Reader role on the subscription"},
      {"Microsoft.PolicyInsights", "the Reader role on the subscription (Policy Insights)"},
      {"Microsoft.Security", "the Security Reader role on the subscription"},
      {"Microsoft.ResourceGraph", "the Reader role on the subscriptions queried"},
      {"/reports/authenticationMethods", "the Graph application permission AuditLog.Read.All"},
      {"/directoryRoles", "the Graph application permission RoleManagement.Read.Directory"},
      {"/messages", "the Graph application permission Mail.Read (limit it with an application access policy)"},
      {"/domains", "the Graph application permission Domain.Read.All"},
      {"/users", "the Graph application permission User.Read.All (AuditLog.Read.All for signInActivity)"},
      {"/subscriptions", "the Reader role on the subscription"},
  }};
  for (const auto& [fragment, hint] : hints) {
    if (url.find(fragment) != std::string::npos) return hint;
  }
  return "a role that allows this request";
}

AzureError api_error(int status, const std::string& body, const std::string& method, const std::string& url,
                     int attempts) {
  const auto service = read_service_error(body);
  std::string message = method + " " + url + " failed with HTTP " + std::to_string(status);
  if (!service.code.empty()) message += " " + service.code;
  if (!service.message.empty()) message += ": " + first_line(service.message);
  if (attempts > 1) message += " (after " + std::to_string(attempts) + " attempts)";
  if (status == 403 && service.code == kNoPremiumLicence) {
    // Graph's answer for signInActivity and the authentication methods reports in a tenant
    // without Microsoft Entra ID P1/P2, whatever the permissions (azure-docs pull request 77948).
    message +=
        "; the tenant has no Microsoft Entra ID P1 or P2 licence, which this report needs (a permission "
        "would not help)";
  } else if (status == 403) {
    message += "; the application probably lacks " + missing_role_hint(url);
  }
  if (status == 401) message += "; the token was refused: check the tenant's app registration and credentials";
  return AzureError(kind_of(status), status, message, service.code);
}

AzureError token_error(int status, const std::string& body, const std::string& tenant, const std::string& scope) {
  const auto service = read_service_error(body);
  std::string code;
  if (const auto at = service.message.find("AADSTS"); at != std::string::npos) {
    const auto end = service.message.find(':', at);
    code = service.message.substr(at, end == std::string::npos ? std::string::npos : end - at);
  }
  std::string message =
      "authentication failed for tenant " + tenant + " (scope " + scope + "): HTTP " + std::to_string(status);
  if (!service.code.empty()) message += " " + service.code;
  if (!service.message.empty()) message += ": " + first_line(service.message);
  return AzureError(AzureErrorKind::authentication, status, message, code.empty() ? service.code : code);
}

}  // namespace govsync::host
