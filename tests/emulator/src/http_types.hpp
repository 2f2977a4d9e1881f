#pragma once
// The emulator's view of one HTTP exchange, independent of the server library.

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace govsync::emulator {

struct Request {
  std::string method;
  std::string path;                            // percent-decoded
  std::string raw_query;                       // as received, without '?'
  std::map<std::string, std::string> query;    // decoded; first value of each name
  std::map<std::string, std::string> headers;  // names lower case
  std::string body;
  std::string client;  // the connection's remote address, host:port

  std::string header(const std::string& lower_name) const;
  std::string param(const std::string& name) const;
  bool has_param(const std::string& name) const { return query.count(name) != 0; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

/// Decodes %XX escapes (and '+' as space when `plus_is_space`).
std::string percent_decode(const std::string& text, bool plus_is_space);
/// Encodes everything except unreserved characters.
std::string percent_encode(const std::string& text);
/// Parses "a=1&b=2" (query strings and form bodies).
std::map<std::string, std::string> parse_form(const std::string& text);

}  // namespace govsync::emulator
