#include "loopback_dns_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>

namespace govsync::test {
namespace {

constexpr std::size_t kUdpLimit = 512;
constexpr int kTypeTxt = 16;

void put16(std::string& out, unsigned value) {
  out.push_back(static_cast<char>((value >> 8) & 0xff));
  out.push_back(static_cast<char>(value & 0xff));
}

unsigned get16(const std::string& in, std::size_t at) {
  return (static_cast<unsigned char>(in[at]) << 8) | static_cast<unsigned char>(in[at + 1]);
}

struct Question {
  std::string name;  // lower case, dotted, no final dot
  std::size_t end;   // offset just past the question (after QTYPE and QCLASS)
  unsigned type = 0;
};

// The first question of a query (names in queries are never compressed); end 0 if unreadable.
Question question_of(const std::string& query) {
  Question q{"", 0};
  if (query.size() < 12 || get16(query, 4) < 1) return q;
  std::size_t at = 12;
  while (at < query.size() && query[at] != 0) {
    const std::size_t length = static_cast<unsigned char>(query[at]);
    if (length > 63 || at + 1 + length > query.size()) return q;
    if (!q.name.empty()) q.name += '.';
    for (std::size_t i = 0; i < length; ++i) {
      q.name += static_cast<char>(std::tolower(static_cast<unsigned char>(query[at + 1 + i])));
    }
    at += 1 + length;
  }
  if (at + 5 > query.size()) return q;
  q.type = get16(query, at + 1);
  q.end = at + 5;
  return q;
}

std::string rdata_of(const TxtStrings& strings) {
  std::string rdata;
  for (const auto& s : strings) {
    if (s.size() > 255) throw std::invalid_argument("a TXT character-string is at most 255 bytes");
    rdata.push_back(static_cast<char>(s.size()));
    rdata += s;
  }
  return rdata;
}

bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

TxtStrings txt_strings(const std::string& text) {
  TxtStrings strings;
  for (std::size_t at = 0; at < text.size(); at += 255) strings.push_back(text.substr(at, 255));
  if (strings.empty()) strings.emplace_back();
  return strings;
}

LoopbackDnsServer::LoopbackDnsServer(LoopbackDnsOptions options) : options_(std::move(options)) {
  // The UDP port the kernel picks may be taken for TCP: try a few.
  for (int attempt = 0; attempt < 50 && port_ == 0; ++attempt) {
    udp_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    tcp_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(udp_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(udp_, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
        ::bind(tcp_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 && ::listen(tcp_, 16) == 0) {
      port_ = ntohs(address.sin_port);
      break;
    }
    ::close(udp_);
    ::close(tcp_);
  }
  if (port_ == 0) throw std::runtime_error("no free port for UDP and TCP on 127.0.0.1");
  if (::pipe(stop_) != 0) throw std::runtime_error("pipe failed");
  thread_ = std::thread([this] { serve(); });
}

LoopbackDnsServer::~LoopbackDnsServer() {
  const char byte = 0;
  static_cast<void>(::write(stop_[1], &byte, 1));
  thread_.join();
  for (const auto& c : connections_) ::close(c.fd);
  for (const int fd : {udp_, tcp_, stop_[0], stop_[1]}) ::close(fd);
}

std::string LoopbackDnsServer::address() const { return "127.0.0.1:" + std::to_string(port_); }

void LoopbackDnsServer::serve() {
  while (true) {
    std::vector<pollfd> fds{{stop_[0], POLLIN, 0}, {udp_, POLLIN, 0}, {tcp_, POLLIN, 0}};
    for (const auto& c : connections_) fds.push_back({c.fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    if (fds[0].revents != 0) return;
    if (fds[1].revents != 0) on_udp();
    if (fds[2].revents != 0) {
      const int fd = ::accept(tcp_, nullptr, nullptr);
      if (fd >= 0) connections_.push_back({fd, ""});
    }
    // Backwards, so a closed connection can be erased while the rest keep their index.
    for (std::size_t i = fds.size(); i-- > 3;) {
      if (fds[i].revents != 0) on_tcp_readable(i - 3);
    }
  }
}

void LoopbackDnsServer::on_udp() {
  std::string query(65536, '\0');
  sockaddr_in from{};
  socklen_t length = sizeof from;
  const auto n = ::recvfrom(udp_, query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&from), &length);
  if (n <= 0) return;
  query.resize(static_cast<std::size_t>(n));
  ++udp_queries_;
  const auto reply = answer(query, true);
  if (!reply.empty()) {
    ::sendto(udp_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), length);
  }
}

void LoopbackDnsServer::on_tcp_readable(std::size_t index) {
  auto& connection = connections_[index];
  char buffer[4096];
  const auto n = ::recv(connection.fd, buffer, sizeof buffer, 0);
  if (n <= 0) {
    ::close(connection.fd);
    connections_.erase(connections_.begin() + static_cast<std::ptrdiff_t>(index));
    return;
  }
  connection.received.append(buffer, static_cast<std::size_t>(n));
  // Each message is a two-byte length, then the message.
  while (connection.received.size() >= 2 && connection.received.size() >= 2 + get16(connection.received, 0)) {
    const auto query = connection.received.substr(2, get16(connection.received, 0));
    connection.received.erase(0, 2 + query.size());
    ++tcp_queries_;
    const auto reply = answer(query, false);
    if (reply.empty()) continue;
    std::string framed;
    put16(framed, static_cast<unsigned>(reply.size()));
    send_all(connection.fd, framed + reply);
  }
}

std::string LoopbackDnsServer::answer(const std::string& query, bool over_udp) {
  const auto question = question_of(query);
  if (options_.silent || question.end == 0) return "";
  const auto found = options_.txt.find(question.name);
  unsigned rcode = static_cast<unsigned>(options_.rcode);
  if (rcode == 0 && found == options_.txt.end()) rcode = 3;  // NXDOMAIN
  std::vector<std::string> records;
  if (rcode == 0 && question.type == kTypeTxt) {
    for (const auto& strings : found->second) records.push_back(rdata_of(strings));
  }
  std::string answers;
  for (const auto& rdata : records) {
    put16(answers, 0xc00c);  // the name: a pointer to the question's
    put16(answers, kTypeTxt);
    put16(answers, 1);  // IN
    put16(answers, 0);
    put16(answers, 300);  // TTL
    put16(answers, static_cast<unsigned>(rdata.size()));
    answers += rdata;
  }
  const auto question_bytes = query.substr(12, question.end - 12);
  const bool truncate = over_udp && 12 + question_bytes.size() + answers.size() > kUdpLimit;
  if (truncate) ++truncated_;
  std::string reply;
  put16(reply, get16(query, 0));  // the query's id
  // QR, AA, RD as asked, RA, TC when truncated, then the RCODE.
  put16(reply, 0x8000 | 0x0400 | (get16(query, 2) & 0x0100) | 0x0080 | (truncate ? 0x0200 : 0) | rcode);
  put16(reply, 1);
  put16(reply, truncate ? 0 : static_cast<unsigned>(records.size()));
  put16(reply, 0);
  put16(reply, 0);
  reply += question_bytes;
  if (!truncate) reply += answers;
  return reply;
}

}  // namespace govsync::test
