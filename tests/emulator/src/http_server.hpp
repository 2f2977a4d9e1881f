#pragma once
// Serves an Emulator over HTTP/1.1 on 127.0.0.1 with Poco's HTTPServer.

#include <memory>

#include "emulator.hpp"

namespace govsync::emulator {

class HttpServer {
 public:
  /// Binds 127.0.0.1:`port` (0 picks a free port) and starts serving.
  HttpServer(Emulator& emulator, int port);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;
  /// Stops accepting and aborts open connections.
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace govsync::emulator
