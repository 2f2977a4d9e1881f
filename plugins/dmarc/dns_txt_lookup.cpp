#include "dns_txt_lookup.hpp"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

namespace govsync::dmarc {
namespace {

std::string lower_trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

TxtLookup lookup_txt(const std::string& name, const std::string& server) {
  TxtLookup result;
  struct __res_state state {};
  if (res_ninit(&state) != 0) {
    result.error = "cannot initialise the resolver";
    return result;
  }
  if (!server.empty()) {
    const auto colon = server.rfind(':');
    const std::string address = colon == std::string::npos ? server : server.substr(0, colon);
    const int port = colon == std::string::npos ? 53 : std::stoi(server.substr(colon + 1));
    sockaddr_in resolver{};
    resolver.sin_family = AF_INET;
    resolver.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, address.c_str(), &resolver.sin_addr) != 1) {
      res_nclose(&state);
      result.error = "dns_server '" + server + "' is not an IPv4 address[:port]";
      return result;
    }
    state.nscount = 1;
    state.nsaddr_list[0] = resolver;
  }
  unsigned char answer[8192];
  const int length = res_nquery(&state, name.c_str(), ns_c_in, ns_t_txt, answer, sizeof answer);
  if (length < 0) {
    const int error = state.res_h_errno;
    res_nclose(&state);
    // No such name or no TXT record is an answer, not a failure.
    if (error != HOST_NOT_FOUND && error != NO_DATA)
      result.error = std::string("lookup of ") + name + " failed: " + hstrerror(error);
    return result;
  }
  ns_msg message{};
  if (ns_initparse(answer, length, &message) != 0) {
    res_nclose(&state);
    result.error = "unreadable DNS answer for " + name;
    return result;
  }
  for (int i = 0; i < ns_msg_count(message, ns_s_an); ++i) {
    ns_rr rr{};
    if (ns_parserr(&message, ns_s_an, i, &rr) != 0 || ns_rr_type(rr) != ns_t_txt) continue;
    const unsigned char* data = ns_rr_rdata(rr);
    const unsigned char* end = data + ns_rr_rdlen(rr);
    std::string text;
    while (data < end) {  // character-strings: a length byte, then that many bytes
      const std::size_t n = *data++;
      if (data + n > end) break;
      text.append(reinterpret_cast<const char*>(data), n);
      data += n;
    }
    result.records.push_back(std::move(text));
  }
  res_nclose(&state);
  return result;
}

std::optional<DmarcPolicy> dmarc_policy_of(const std::vector<std::string>& records) {
  for (const auto& record : records) {
    if (lower_trimmed(record.substr(0, 8)) != "v=dmarc1") continue;
    DmarcPolicy policy;
    policy.record = record;
    std::stringstream tags(record);
    std::string tag;
    while (std::getline(tags, tag, ';')) {
      const auto eq = tag.find('=');
      if (eq == std::string::npos) continue;
      const auto key = lower_trimmed(tag.substr(0, eq));
      auto value = tag.substr(eq + 1);
      const auto first = value.find_first_not_of(" \t");
      value = first == std::string::npos ? "" : value.substr(first, value.find_last_not_of(" \t") - first + 1);
      if (key == "p") policy.p = lower_trimmed(value);
      if (key == "sp") policy.sp = lower_trimmed(value);
      if (key == "rua") policy.rua = value;
      if (key == "pct") {
        try {
          policy.pct = std::stoi(value);
        } catch (...) {
          policy.pct = std::nullopt;
        }
      }
    }
    return policy;
  }
  return std::nullopt;
}

}  // namespace govsync::dmarc
