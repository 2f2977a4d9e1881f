#pragma once
// The plugin's dns_server key: "ADDRESS[:PORT]", an IPv4 resolver, checked
// once when the plugin is configured and again before each lookup.

#include <cstdint>
#include <optional>
#include <string>

namespace govsync::dmarc {

struct DnsServerAddress {
  std::string address;      // dotted IPv4, e.g. "127.0.0.1"
  std::uint16_t port = 53;  // 1..65535
};

struct ParsedDnsServer {
  std::optional<DnsServerAddress> server;  // empty: the system's resolver (or an error)
  std::string error;                       // "" when the text is valid; else names the key and the value
};

/// Parses a dns_server value: "" (the system's resolver), "ADDRESS" (port 53)
/// or "ADDRESS:PORT" with a decimal port from 1 to 65535.
ParsedDnsServer parse_dns_server(const std::string& text);

}  // namespace govsync::dmarc
