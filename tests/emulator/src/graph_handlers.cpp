#include "graph_handlers.hpp"

#include <algorithm>
#include <cctype>

#include "graph_model.hpp"

namespace govsync::emulator {
namespace {

// {"@odata.context", "@odata.nextLink"?, "value": [...]} for one page.
Response graph_page(const ApiCall& call, const std::string& context, std::size_t total, const ItemWriter& write) {
  const auto cursor = decode_cursor(skip_token_param(call.request));
  if (!cursor) return invalid_skip_token(call);
  const auto page = slice(total, page_size_for(call.tenant, call.request.param("$top")), *cursor);
  JsonWriter json;
  json.begin_object().field("@odata.context", call.base_url + "/v1.0/$metadata#" + context);
  if (page.has_next) {
    json.field("@odata.nextLink", next_link(call.base_url, call.request, "$skiptoken", page.next_token));
  }
  json.key("value").begin_array();
  for (auto i = page.begin; i < page.end; ++i) write(json, i);
  json.end_array().end_object();
  auto response = json_ok(json.take());
  apply_page_faults(response, page, call.tenant, call.base_url);
  return response;
}

std::set<std::string> selected_fields(const std::string& select) {
  std::set<std::string> fields;
  std::size_t start = 0;
  while (start < select.size()) {
    auto end = select.find(',', start);
    if (end == std::string::npos) end = select.size();
    auto name = select.substr(start, end - start);
    name.erase(std::remove_if(name.begin(), name.end(), [](unsigned char c) { return std::isspace(c); }), name.end());
    if (!name.empty()) fields.insert(name);
    start = end + 1;
  }
  return fields;
}

bool same_mailbox(const std::string& left, const std::string& right) {
  return left.size() == right.size() && std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// What Graph answers for signInActivity and the authentication methods reports
// in a tenant without Microsoft Entra ID P1/P2: 403 with this code and message,
// whatever the permissions (MicrosoftDocs/azure-docs pull request 77948,
// "Update license requirement for graph"; microsoft-graph-docs-contrib issue 7276).
Response no_premium_licence(const ApiCall& call) {
  return graph_error(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                     "Neither tenant is B2C or tenant doesn't have premium license", call.request);
}

Response unknown_mailbox(const ApiCall& call) {
  return graph_error(404, "ErrorInvalidUser", "The requested user '" + call.captures.at(0) + "' is invalid.",
                     call.request);
}

Response item_not_found(const ApiCall& call) {
  return graph_error(404, "ErrorItemNotFound", "The specified object was not found in the store.", call.request);
}

}  // namespace

Response list_users(const ApiCall& call) {
  const auto select = call.request.param("$select");
  const auto fields = selected_fields(select);
  if (fields.count("signInActivity") != 0 && call.tenant.no_premium_licence) return no_premium_licence(call);
  if (fields.count("signInActivity") != 0 && call.tenant.sign_in_activity_forbidden) {
    return graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.",
                       call.request);
  }
  const auto context = select.empty() ? std::string("users") : "users(" + select + ")";
  return graph_page(call, context, user_count(call.tenant),
                    [&](JsonWriter& json, std::size_t i) { write_user(json, call.ref(), i, fields); });
}

Response list_directory_roles(const ApiCall& call) {
  return graph_page(call, "directoryRoles", role_count(call.tenant),
                    [&](JsonWriter& json, std::size_t i) { write_role(json, call.ref(), i); });
}

Response list_role_members(const ApiCall& call) {
  const auto role = role_index(call.ref(), call.captures.at(0));
  if (!role) {
    return graph_error(404, "Request_ResourceNotFound",
                       "Resource '" + call.captures.at(0) +
                           "' does not exist or one of its queried reference-property objects are not present.",
                       call.request);
  }
  const auto members = role_members(call.tenant, *role);
  return graph_page(call, "directoryObjects", members.size(),
                    [&](JsonWriter& json, std::size_t i) { write_role_member(json, call.ref(), members[i]); });
}

Response list_user_registrations(const ApiCall& call) {
  if (call.tenant.no_premium_licence) return no_premium_licence(call);
  return graph_page(call, "reports/authenticationMethods/userRegistrationDetails", user_count(call.tenant),
                    [&](JsonWriter& json, std::size_t i) { write_user_registration(json, call.ref(), i); });
}

Response list_domains(const ApiCall& call) {
  return graph_page(call, "domains", call.tenant.domains.size(),
                    [&](JsonWriter& json, std::size_t i) { write_domain(json, call.tenant, i); });
}

Response list_messages(const ApiCall& call) {
  if (!same_mailbox(call.captures.at(0), call.tenant.mailbox)) return unknown_mailbox(call);
  return graph_page(call, "users('" + call.tenant.mailbox + "')/messages", message_count(call.tenant),
                    [&](JsonWriter& json, std::size_t i) { write_message(json, call.ref(), i); });
}

Response list_attachments(const ApiCall& call) {
  if (!same_mailbox(call.captures.at(0), call.tenant.mailbox)) return unknown_mailbox(call);
  const auto message = message_index(call.ref(), call.captures.at(1));
  if (!message) return item_not_found(call);
  JsonWriter json;
  json.begin_object().field("@odata.context", call.base_url + "/v1.0/$metadata#users('" + call.tenant.mailbox +
                                                  "')/messages('" + call.captures.at(1) + "')/attachments");
  json.key("value").begin_array();
  write_attachment(json, call.ref(), *message);
  json.end_array().end_object();
  return json_ok(json.take());
}

// GET .../messages/{id}/attachments/{id}/$value: the attachment's raw contents
// (https://learn.microsoft.com/graph/api/attachment-get). The document gives a
// reference attachment's answer only as HTTP 405; the error body is Graph's usual one.
Response get_attachment_value(const ApiCall& call) {
  if (!same_mailbox(call.captures.at(0), call.tenant.mailbox)) return unknown_mailbox(call);
  const auto message = message_index(call.ref(), call.captures.at(1));
  if (!message || attachment_id(call.ref(), *message) != call.captures.at(2)) return item_not_found(call);
  auto value = attachment_value(call.ref(), *message);
  if (!value) {
    return graph_error(405, "ErrorInvalidRequest", "The raw contents of a reference attachment cannot be read.",
                       call.request);
  }
  Response response;
  response.content_type = value->content_type;
  response.body = std::move(value->bytes);
  return response;
}

}  // namespace govsync::emulator
