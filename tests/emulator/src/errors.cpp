#include "errors.hpp"

#include <atomic>
#include <random>

#include "calendar.hpp"
#include "derive.hpp"
#include "json_writer.hpp"

namespace govsync::emulator {

std::string random_guid() {
  static const std::uint64_t process_seed = std::random_device{}();
  static std::atomic<std::uint64_t> counter{0};
  return derive_guid(process_seed, "request/" + std::to_string(counter.fetch_add(1)));
}

// ARM's ErrorResponse {"error": ErrorDetail}: code and message; target, details and
// additionalInfo are optional (azure-rest-api-specs specification/common-types/
// resource-management/v5/types.json, ErrorResponse and ErrorDetail).
Response arm_error(int status, const std::string& code, const std::string& message) {
  JsonWriter json;
  json.begin_object()
      .key("error")
      .begin_object()
      .field("code", code)
      .field("message", message)
      .end_object()
      .end_object();
  Response response;
  response.status = status;
  response.body = json.take();
  return response;
}

// Graph's error: {"error": {code, message, innerError}} with innerError {date, request-id,
// client-request-id} (https://learn.microsoft.com/graph/errors; msgraph-metadata
// openapi/v1.0 microsoft.graph.ODataErrors.MainError and InnerError). The request-id response
// header: https://learn.microsoft.com/graph/best-practices-concept ("Reliability and support").
Response graph_error(int status, const std::string& code, const std::string& message, const Request& request) {
  const auto request_id = random_guid();
  auto client_request_id = request.header("client-request-id");
  if (client_request_id.empty()) client_request_id = request_id;
  JsonWriter json;
  json.begin_object().key("error").begin_object().field("code", code).field("message", message);
  json.key("innerError").begin_object();
  json.field("date", iso_datetime_now()).field("request-id", request_id).field("client-request-id", client_request_id);
  json.end_object().end_object().end_object();
  Response response;
  response.status = status;
  response.body = json.take();
  response.headers.emplace_back("request-id", request_id);
  response.headers.emplace_back("client-request-id", client_request_id);
  return response;
}

Response api_error(Api api, int status, const std::string& code, const std::string& message, const Request& request) {
  return api == Api::kGraph ? graph_error(status, code, message, request) : arm_error(status, code, message);
}

// The body is arm_error's or graph_error's. The code strings per status are the emulator's
// pick of codes the services use; they are not each backed by a document.
Response status_error(Api api, int status, const Request& request) {
  std::string code = "Error";
  std::string message = "The request failed.";
  switch (status) {
    case 400:
      code = "BadRequest";
      message = "The request is invalid.";
      break;
    case 401:
      code = "InvalidAuthenticationToken";
      message = "The access token is invalid.";
      break;
    case 403:
      code = api == Api::kGraph ? "Authorization_RequestDenied" : "AuthorizationFailed";
      message = "Insufficient privileges to complete the operation.";
      break;
    case 404:
      code = "NotFound";
      message = "The requested resource was not found.";
      break;
    case 429:
      code = "TooManyRequests";
      message = "Too many requests. Please retry later.";
      break;
    case 500:
      code = "InternalServerError";
      message = "Encountered internal server error. Please try again.";
      break;
    case 502:
      code = "BadGateway";
      message = "The gateway received an invalid response.";
      break;
    case 503:
      code = "ServiceUnavailable";
      message = "The service is temporarily unavailable. Please try again.";
      break;
    case 504:
      code = "GatewayTimeout";
      message = "The gateway did not receive a response in time.";
      break;
    default:
      break;
  }
  return api_error(api, status, code, message, request);
}

// The token endpoint's error: error, error_description ("AADSTS<n>: ...\r\nTrace ID: ...
// \r\nCorrelation ID: ...\r\nTimestamp: ..."), error_codes, timestamp "YYYY-MM-DD HH:MM:SSZ",
// trace_id, correlation_id, error_uri
// (https://learn.microsoft.com/entra/identity-platform/reference-error-codes, sample error response).
Response entra_error(int status, const std::string& error, int aadsts, const std::string& description) {
  const auto trace_id = random_guid();
  const auto correlation_id = random_guid();
  const auto timestamp = entra_timestamp_now();
  const auto full = "AADSTS" + std::to_string(aadsts) + ": " + description + "\r\nTrace ID: " + trace_id +
                    "\r\nCorrelation ID: " + correlation_id + "\r\nTimestamp: " + timestamp;
  JsonWriter json;
  json.begin_object().field("error", error).field("error_description", full);
  json.key("error_codes").begin_array().integer(aadsts).end_array();
  json.field("timestamp", timestamp).field("trace_id", trace_id).field("correlation_id", correlation_id);
  json.field("error_uri", "https://login.microsoftonline.com/error?code=" + std::to_string(aadsts));
  json.end_object();
  Response response;
  response.status = status;
  response.body = json.take();
  return response;
}

}  // namespace govsync::emulator
