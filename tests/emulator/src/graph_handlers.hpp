#pragma once
// Microsoft Graph (v1.0) endpoint handlers.

#include "api_call.hpp"

namespace govsync::emulator {

Response list_users(const ApiCall& call);
Response list_directory_roles(const ApiCall& call);
Response list_role_members(const ApiCall& call);
Response list_user_registrations(const ApiCall& call);
Response list_domains(const ApiCall& call);
Response list_messages(const ApiCall& call);
Response list_attachments(const ApiCall& call);
Response get_attachment_value(const ApiCall& call);

}  // namespace govsync::emulator
