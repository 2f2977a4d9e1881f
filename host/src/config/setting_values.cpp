#include "config/setting_values.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <regex>

#include "config/duration.hpp"

namespace govsync::host::setting_values {
namespace {

// Values have no inline comments; a " #" in a path or URL is almost always one.
std::optional<std::string> inline_comment(const std::string& v) {
  if (v.find(" #") != std::string::npos || v.find("\t#") != std::string::npos || v.find(" ;") != std::string::npos) {
    return std::string("looks like it ends in a comment; comments go on their own line");
  }
  return std::nullopt;
}

// The user this process runs as, for messages about files it cannot read.
std::string running_user() {
  const auto uid = ::geteuid();
  passwd entry{};
  passwd* found = nullptr;
  std::array<char, 4096> buffer{};
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return "user " + std::string(found->pw_name) + " (uid " + std::to_string(uid) + ")";
  }
  return "uid " + std::to_string(uid);
}

const std::regex& guid_pattern() {
  static const std::regex pattern("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  return pattern;
}

}  // namespace

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (const char c : text + ",") {
    if (c == ',') {
      if (auto t = trim(item); !t.empty()) items.push_back(t);
      item.clear();
    } else {
      item += c;
    }
  }
  return items;
}

Apply as_bool(bool& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (v == "true" || v == "yes" || v == "on" || v == "1") {
      target = true;
    } else if (v == "false" || v == "no" || v == "off" || v == "0") {
      target = false;
    } else {
      return "'" + v + "' is not a boolean; use true or false";
    }
    return std::nullopt;
  };
}

Apply as_int(int& target, int min, int max) {
  return [&target, min, max](const std::string& v) -> std::optional<std::string> {
    int parsed = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed);
    if (ec != std::errc{} || ptr != v.data() + v.size() || parsed < min || parsed > max) {
      return "'" + v + "' is not a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    }
    target = parsed;
    return std::nullopt;
  };
}

Apply as_duration(std::chrono::seconds& target, bool allow_zero) {
  return [&target, allow_zero](const std::string& v) -> std::optional<std::string> {
    const auto parsed = parse_duration(v);
    if (!parsed) {
      return "'" + v +
             "' is not a duration of at most 3650d (10 years); write a whole number and a unit: 30s, 15m, 4h "
             "or 1d";
    }
    if (!allow_zero && parsed->count() == 0) return "must be longer than 0s";
    target = *parsed;
    return std::nullopt;
  };
}

Apply as_optional_duration(std::optional<std::chrono::seconds>& target, bool allow_zero) {
  return [&target, allow_zero](const std::string& v) -> std::optional<std::string> {
    std::chrono::seconds parsed{};
    if (auto problem = as_duration(parsed, allow_zero)(v)) return problem;
    target = parsed;
    return std::nullopt;
  };
}

Apply as_path(std::filesystem::path& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (auto problem = inline_comment(v)) return problem;
    if (v.empty()) return std::string("must not be empty");
    target = v;
    return std::nullopt;
  };
}

Apply as_url(std::string& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (auto problem = inline_comment(v)) return problem;
    if (v.rfind("https://", 0) != 0 && v.rfind("http://", 0) != 0) return "'" + v + "' is not an http(s) URL";
    target = v;
    return std::nullopt;
  };
}

Apply as_database_url(std::string& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (auto problem = inline_comment(v)) return problem;
    const bool sqlite = v.rfind("sqlite:", 0) == 0 && v.size() > 7;
    const bool postgresql = v.rfind("postgresql:", 0) == 0 && v.size() > 11;
    if (!sqlite && !postgresql) {
      return std::string("must be sqlite:PATH or postgresql:CONNINFO (e.g. postgresql:host=db dbname=govsync)");
    }
    target = v;
    return std::nullopt;
  };
}

Apply as_guid(std::string& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    if (!std::regex_match(v, guid_pattern())) return "'" + v + "' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)";
    target = v;
    return std::nullopt;
  };
}

Apply as_secret_file(std::filesystem::path& target, std::vector<std::string>& warnings) {
  // The file's content is a secret: never read into messages, only checked for presence.
  return [&target, &warnings](const std::string& v) -> std::optional<std::string> {
    if (v.empty()) return std::string("must not be empty");
    struct stat info {};
    // The value is not echoed: operators sometimes paste the secret itself here.
    const bool found = ::stat(v.c_str(), &info) == 0;
    const int stat_error = errno;
    if (!found && stat_error != ENOENT && stat_error != ENOTDIR) {
      return "cannot be read by " + running_user() + ": " + std::strerror(stat_error) +
             (stat_error == EACCES ? " (a folder on its path cannot be entered)" : "");
    }
    if (!found || !S_ISREG(info.st_mode)) {
      return std::string("names no file (give the path of a file that holds the secret, not the secret)");
    }
    if (::faccessat(AT_FDCWD, v.c_str(), R_OK, AT_EACCESS) != 0) {
      return "cannot be read by " + running_user() + ": " + std::strerror(errno);
    }
    if (info.st_size == 0) return std::string("the file is empty; put the client secret in it");
    target = v;
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) warnings.push_back(v);
    return std::nullopt;
  };
}

// A size in bytes with an optional K, M or G suffix (powers of 1024), from 256M to 1T.
Apply as_byte_size(std::uint64_t& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    std::uint64_t number = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
    const std::string_view suffix(ptr, static_cast<std::size_t>(v.data() + v.size() - ptr));
    int shift = 0;
    if (suffix == "K") shift = 10;
    if (suffix == "M") shift = 20;
    if (suffix == "G") shift = 30;
    const bool known = suffix.empty() || shift > 0;
    if (ec != std::errc{} || !known || number == 0 || number > (1ULL << 40) >> shift ||
        (number << shift) < (256ULL << 20)) {
      return "'" + v + "' is not a size from 256M to 1024G; write e.g. 512M or 1G";
    }
    target = number << shift;
    return std::nullopt;
  };
}

// host:port with an IP address (IPv6 in brackets) or localhost; or "off".
Apply as_listen(AdminSettings& admin, bool& off) {
  return [&admin, &off](const std::string& v) -> std::optional<std::string> {
    off = v == "off";
    if (off) return std::nullopt;
    static const std::regex pattern(R"(^(localhost|[0-9]{1,3}(\.[0-9]{1,3}){3}|\[[0-9a-fA-F:.]+\]):([0-9]{1,5})$)");
    std::smatch match;
    int port = 0;
    if (!std::regex_match(v, match, pattern) || as_int(port, 0, 65535)(match[3].str())) {
      return "'" + v + "' is not an address to listen on; write IP:PORT (e.g. 127.0.0.1:9464), [::1]:9464 or off";
    }
    auto host = match[1].str();
    if (host.front() == '[') host = host.substr(1, host.size() - 2);
    admin.host = host == "localhost" ? "127.0.0.1" : host;
    admin.port = port;
    return std::nullopt;
  };
}

Apply as_duration_list(std::vector<std::chrono::seconds>& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    std::vector<std::chrono::seconds> parsed;
    if (v != "none") {
      for (const auto& item : split_list(v)) {
        const auto d = parse_duration(item);
        if (!d || d->count() == 0) {
          return "'" + item + "' is not a duration above 0s and at most 3650d; write e.g. 1m, 5m, 15m (or none)";
        }
        parsed.push_back(*d);
      }
    }
    target = std::move(parsed);
    return std::nullopt;
  };
}

Apply as_choice(std::string& target, std::vector<std::string> choices) {
  return [&target, choices](const std::string& v) -> std::optional<std::string> {
    std::string list;
    for (const auto& c : choices) {
      if (c == v) {
        target = v;
        return std::nullopt;
      }
      list += (list.empty() ? "" : ", ") + c;
    }
    return "'" + v + "' is not one of " + list;
  };
}

Apply as_guid_list(std::vector<std::string>& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    std::vector<std::string> parsed;
    for (auto item : split_list(v)) {
      if (!std::regex_match(item, guid_pattern())) {
        return "'" + item + "' is not a subscription GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)";
      }
      std::transform(item.begin(), item.end(), item.begin(), [](unsigned char c) { return std::tolower(c); });
      if (std::find(parsed.begin(), parsed.end(), item) == parsed.end()) parsed.push_back(std::move(item));
    }
    target = std::move(parsed);
    return std::nullopt;
  };
}

Apply as_fraction(double& target) {
  return [&target](const std::string& v) -> std::optional<std::string> {
    double parsed = -1;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed);
    if (ec != std::errc{} || end != v.data() + v.size() || !(parsed >= 0.0 && parsed <= 1.0)) {
      return "'" + v + "' is not a fraction from 0 to 1; write e.g. 0.5";
    }
    target = parsed;
    return std::nullopt;
  };
}

}  // namespace govsync::host::setting_values
