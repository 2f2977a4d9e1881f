#pragma once
// Generated Microsoft Graph data of one tenant: users and guests, directory
// roles and their members, authentication method registration, domains, and
// the DMARC mailbox's messages and attachments.

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "azure_model.hpp"
#include "json_writer.hpp"

namespace govsync::emulator {

std::size_t user_count(const Tenant& tenant);
/// `fields`: the $select names; empty means the default set (no signInActivity).
void write_user(JsonWriter& json, const TenantRef& ref, std::size_t index, const std::set<std::string>& fields);
void write_user_registration(JsonWriter& json, const TenantRef& ref, std::size_t index);

std::size_t role_count(const Tenant& tenant);
std::optional<std::size_t> role_index(const TenantRef& ref, const std::string& role_id);
void write_role(JsonWriter& json, const TenantRef& ref, std::size_t role);
/// User indexes of the role's members.
std::vector<std::size_t> role_members(const Tenant& tenant, std::size_t role);
void write_role_member(JsonWriter& json, const TenantRef& ref, std::size_t user);

void write_domain(JsonWriter& json, const Tenant& tenant, std::size_t index);

/// The DMARC mailbox's messages: one per report file, then one per reference
/// attachment, then one per item attachment; each has one attachment.
std::size_t message_count(const Tenant& tenant);
std::string message_id(const TenantRef& ref, std::size_t index);
std::optional<std::size_t> message_index(const TenantRef& ref, const std::string& id);
void write_message(JsonWriter& json, const TenantRef& ref, std::size_t index);
/// The id of the one attachment of message `index`.
std::string attachment_id(const TenantRef& ref, std::size_t index);
void write_attachment(JsonWriter& json, const TenantRef& ref, std::size_t index);

/// An attachment's raw contents (its $value) and their content type.
struct AttachmentValue {
  std::string content_type;
  std::string bytes;
};
/// The raw contents of message `index`'s attachment; none for a reference attachment.
std::optional<AttachmentValue> attachment_value(const TenantRef& ref, std::size_t index);

}  // namespace govsync::emulator
