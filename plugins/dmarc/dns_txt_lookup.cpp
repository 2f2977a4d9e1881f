#include "dns_txt_lookup.hpp"

#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

#include "dns_server_address.hpp"

namespace govsync::dmarc {
namespace {

using Clock = std::chrono::steady_clock;

// c-ares doubles the per-try timeout each round: 1.5 s, then 3 s, stays within
// kTxtLookupBudget, which the loop in wait_for() enforces in any case.
constexpr int kFirstTryTimeoutMs = 1500;
constexpr int kTries = 2;

struct Pending {
  bool done = false;
  TxtLookup result;
};

void collect_records(Pending& pending, const unsigned char* answer, int length) {
  ares_txt_ext* parts = nullptr;
  const int status = ares_parse_txt_reply_ext(answer, length, &parts);
  if (status == ARES_ENODATA) return;  // an answer without TXT records
  if (status != ARES_SUCCESS) {
    pending.result.error = std::string("unreadable answer: ") + ares_strerror(status);
    return;
  }
  // One entry per character-string; record_start marks the first string of each record.
  for (const ares_txt_ext* part = parts; part != nullptr; part = part->next) {
    if (part->record_start != 0 || pending.result.records.empty()) pending.result.records.emplace_back();
    pending.result.records.back().append(reinterpret_cast<const char*>(part->txt), part->length);
  }
  ares_free_data(parts);
}

void on_answer(void* argument, int status, int /*timeouts*/, unsigned char* answer, int length) {
  auto& pending = *static_cast<Pending*>(argument);
  pending.done = true;
  if (status == ARES_ENOTFOUND || status == ARES_ENODATA) return;  // no such name, no TXT record: an answer
  if (status != ARES_SUCCESS) {
    pending.result.error = std::string(ares_strerror(status));
    return;
  }
  collect_records(pending, answer, length);
}

class Channel {
 public:
  Channel() = default;
  ~Channel() {
    if (handle_ != nullptr) ares_destroy(handle_);
  }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ares_channel* out() { return &handle_; }
  ares_channel get() const { return handle_; }

 private:
  ares_channel handle_ = nullptr;
};

int poll_timeout_ms(ares_channel channel, Clock::duration left) {
  const auto left_us = std::chrono::duration_cast<std::chrono::microseconds>(left).count();
  timeval most{static_cast<time_t>(left_us / 1000000), static_cast<suseconds_t>(left_us % 1000000)};
  timeval storage{};
  const timeval* wait = ares_timeout(channel, &most, &storage);
  return static_cast<int>(wait->tv_sec * 1000 + (wait->tv_usec + 999) / 1000);
}

// Drives the channel until the query has answered or the deadline passed
// (then the query is cancelled). Returns "" or why it stopped early.
std::string wait_for(ares_channel channel, const Pending& pending, Clock::time_point deadline) {
  while (!pending.done) {
    const auto now = Clock::now();
    if (now >= deadline) return "no answer within " + std::to_string(kTxtLookupBudget.count() / 1000) + " s";
    ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
    const int bits = ares_getsock(channel, sockets, ARES_GETSOCK_MAXNUM);
    pollfd fds[ARES_GETSOCK_MAXNUM];
    nfds_t count = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
      if (events != 0) fds[count++] = pollfd{sockets[i], events, 0};
    }
    const int ready = ::poll(fds, count, poll_timeout_ms(channel, deadline - now));
    if (ready < 0 && errno != EINTR) return std::string("poll failed: ") + std::strerror(errno);
    if (ready <= 0) {
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // only the timeouts
      continue;
    }
    for (nfds_t i = 0; i < count && !pending.done; ++i) {
      const bool readable = (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      const bool writable = (fds[i].revents & POLLOUT) != 0;
      if (readable || writable) {
        ares_process_fd(channel, readable ? fds[i].fd : ARES_SOCKET_BAD, writable ? fds[i].fd : ARES_SOCKET_BAD);
      }
    }
  }
  return "";
}

int library_status() {
  static const int status = ares_library_init(ARES_LIB_INIT_ALL);  // once per process, thread-safe
  return status;
}

}  // namespace

TxtLookup lookup_txt(const std::string& name, const std::string& server) {
  const auto where = server.empty() ? std::string("the system's resolver") : server;
  const auto failed = [&](const std::string& why) {
    TxtLookup result;
    result.error = "TXT lookup of " + name + " at " + where + " failed: " + why;
    return result;
  };
  const auto parsed = parse_dns_server(server);
  if (!parsed.error.empty()) return failed(parsed.error);
  if (const int status = library_status(); status != ARES_SUCCESS) {
    return failed(std::string("cannot initialise c-ares: ") + ares_strerror(status));
  }
  ares_options options{};
  options.timeout = kFirstTryTimeoutMs;
  options.tries = kTries;
  Channel channel;
  if (const int status = ares_init_options(channel.out(), &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
      status != ARES_SUCCESS) {
    return failed(std::string("cannot create a resolver: ") + ares_strerror(status));
  }
  if (parsed.server) {
    ares_addr_port_node node{};
    node.family = AF_INET;
    inet_pton(AF_INET, parsed.server->address.c_str(), &node.addr.addr4);  // checked by parse_dns_server
    node.udp_port = parsed.server->port;
    node.tcp_port = parsed.server->port;
    if (const int status = ares_set_servers_ports(channel.get(), &node); status != ARES_SUCCESS) {
      return failed(std::string("cannot use the server: ") + ares_strerror(status));
    }
  }
  Pending pending;
  const auto deadline = Clock::now() + kTxtLookupBudget;
  ares_query(channel.get(), name.c_str(), ns_c_in, ns_t_txt, on_answer, &pending);
  if (const auto stopped = wait_for(channel.get(), pending, deadline); !stopped.empty()) {
    ares_cancel(channel.get());  // calls on_answer with ARES_ECANCELLED before `pending` goes away
    return failed(stopped);
  }
  if (!pending.result.error.empty()) return failed(pending.result.error);
  return std::move(pending.result);
}

}  // namespace govsync::dmarc
