#include "dns_server_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>

namespace govsync::dmarc {
namespace {

ParsedDnsServer refused(const std::string& text, const std::string& why) {
  return {std::nullopt, "dns_server = '" + text + "': " + why + "; write ADDRESS[:PORT] with an IPv4 address, e.g. " +
                            "127.0.0.1:5353, or leave it empty for the system's resolver"};
}

}  // namespace

ParsedDnsServer parse_dns_server(const std::string& text) {
  if (text.empty()) return {};
  const auto colon = text.find(':');
  DnsServerAddress server;
  server.address = text.substr(0, colon);
  in_addr parsed{};
  if (inet_pton(AF_INET, server.address.c_str(), &parsed) != 1) {
    return refused(text, "'" + server.address + "' is not an IPv4 address");
  }
  if (colon == std::string::npos) return {server, ""};
  const auto port = text.substr(colon + 1);
  // Digits only (no sign, no spaces), at most five of them, so the value cannot overflow.
  const bool digits = !port.empty() && port.size() <= 5 &&
                      std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  const long number = digits ? std::stol(port) : 0;
  if (number < 1 || number > 65535) return refused(text, "the port '" + port + "' is not a number from 1 to 65535");
  server.port = static_cast<std::uint16_t>(number);
  return {server, ""};
}

}  // namespace govsync::dmarc
