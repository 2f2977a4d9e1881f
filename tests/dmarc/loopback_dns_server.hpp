#pragma once
// A DNS server for tests, written here so a test controls every byte of the
// answer: UDP and TCP on one ephemeral port of 127.0.0.1, answering TXT
// queries from a table. UDP answers longer than 512 bytes go out truncated
// (header and question, TC set), as a real server does; TCP answers are whole.

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace govsync::test {

/// One TXT record: its character-strings (each at most 255 bytes) in order.
using TxtStrings = std::vector<std::string>;

/// Splits `text` into character-strings of at most 255 bytes.
TxtStrings txt_strings(const std::string& text);

struct LoopbackDnsOptions {
  /// Names (lower case, no final dot) and their TXT records. A name not here
  /// is answered NXDOMAIN; a name with no records, NOERROR without answers.
  std::map<std::string, std::vector<TxtStrings>> txt;
  /// When set, every query is read and none is answered.
  bool silent = false;
  /// When not 0, every query is answered with this RCODE and no records (2: SERVFAIL).
  int rcode = 0;
};

class LoopbackDnsServer {
 public:
  explicit LoopbackDnsServer(LoopbackDnsOptions options);
  ~LoopbackDnsServer();
  LoopbackDnsServer(const LoopbackDnsServer&) = delete;
  LoopbackDnsServer& operator=(const LoopbackDnsServer&) = delete;

  /// "127.0.0.1:PORT", as the dmarc plugin's dns_server key takes it.
  std::string address() const;
  /// Queries received so far over UDP and over TCP.
  int udp_queries() const { return udp_queries_; }
  int tcp_queries() const { return tcp_queries_; }
  /// UDP answers sent with the TC bit.
  int truncated_answers() const { return truncated_; }

 private:
  void serve();
  void on_udp();
  void on_tcp_readable(std::size_t index);
  std::string answer(const std::string& query, bool over_udp);

  LoopbackDnsOptions options_;
  int udp_ = -1;
  int tcp_ = -1;
  int stop_[2] = {-1, -1};
  int port_ = 0;
  struct Connection {
    int fd;
    std::string received;  // bytes read and not yet answered
  };
  std::vector<Connection> connections_;
  std::atomic<int> udp_queries_{0};
  std::atomic<int> tcp_queries_{0};
  std::atomic<int> truncated_{0};
  std::thread thread_;
};

}  // namespace govsync::test
