#pragma once
// A hard deadline for one HTTP exchange. Socket timeouts bound each read, not
// the exchange: a server that drips its status line and headers a byte at a
// time could hold a request for as long as it likes. A SocketDeadline shuts
// its socket down when the deadline passes, from one watchdog thread shared by
// all exchanges, so the reads in progress end at once. It acts on the file
// descriptor (shutdown(2)), which is safe beside a read in another thread,
// TLS included; the descriptor stays open until its owner closes it.

#include <chrono>
#include <memory>

#include <Poco/Net/StreamSocket.h>

namespace govsync::host {

class SocketDeadline {
 public:
  using Clock = std::chrono::steady_clock;

  /// Watches the connected `socket` until this object is destroyed, which
  /// must happen before the socket is closed.
  SocketDeadline(const Poco::Net::StreamSocket& socket, Clock::time_point deadline);
  ~SocketDeadline();
  SocketDeadline(const SocketDeadline&) = delete;
  SocketDeadline& operator=(const SocketDeadline&) = delete;

  /// True once the watchdog shut the socket down.
  bool expired() const;

  struct Watch;

 private:
  std::shared_ptr<Watch> watch_;
};

}  // namespace govsync::host
