#pragma once
// Parsers for configuration values: each takes the value's text, sets its
// target when the text is valid, and otherwise returns the problem in words
// (the caller adds file, section, key and line).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/settings.hpp"

namespace govsync::host::setting_values {

/// Sets its target from a value's text; returns the problem, or nothing when the value is valid.
using Apply = std::function<std::optional<std::string>(const std::string& value)>;

std::string trim(std::string text);
/// A comma-separated list, items trimmed, empty items left out.
std::vector<std::string> split_list(const std::string& text);

Apply as_bool(bool& target);
Apply as_int(int& target, int minimum, int maximum);
Apply as_duration(std::chrono::seconds& target, bool allow_zero);
Apply as_optional_duration(std::optional<std::chrono::seconds>& target, bool allow_zero);
Apply as_path(std::filesystem::path& target);
Apply as_url(std::string& target);
Apply as_database_url(std::string& target);
Apply as_guid(std::string& target);
/// A comma-separated list of GUIDs, stored in lower case (as Azure writes them).
Apply as_guid_list(std::vector<std::string>& target);
/// A number from 0 to 1.
Apply as_fraction(double& target);
/// The file's content is a secret: never read into messages, only checked for presence.
/// Files readable by group or others are added to `warnings`.
Apply as_secret_file(std::filesystem::path& target, std::vector<std::string>& warnings);
/// A size in bytes with an optional K, M or G suffix (powers of 1024), from 256M to 1T.
Apply as_byte_size(std::uint64_t& target);
/// host:port with an IP address (IPv6 in brackets) or localhost; or "off".
Apply as_listen(AdminSettings& admin, bool& off);
Apply as_duration_list(std::vector<std::chrono::seconds>& target);
Apply as_choice(std::string& target, std::vector<std::string> choices);

}  // namespace govsync::host::setting_values
