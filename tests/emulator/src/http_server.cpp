#include "http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>

namespace govsync::emulator {
namespace {

Request to_request(Poco::Net::HTTPServerRequest& incoming) {
  Request request;
  request.method = incoming.getMethod();
  const Poco::URI uri(incoming.getURI());
  request.path = uri.getPath();
  request.raw_query = uri.getRawQuery();
  request.query = parse_form(request.raw_query);
  for (const auto& [name, value] : incoming) {
    std::string lowered = name;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    request.headers.emplace(lowered, value);
  }
  Poco::StreamCopier::copyToString(incoming.stream(), request.body);
  request.client = incoming.clientAddress().toString();
  return request;
}

class EmulatorHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit EmulatorHandler(Emulator& emulator) : emulator_(emulator) {}

  void handleRequest(Poco::Net::HTTPServerRequest& incoming, Poco::Net::HTTPServerResponse& outgoing) override {
    const auto response = emulator_.handle(to_request(incoming));
    outgoing.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    if (!response.content_type.empty()) outgoing.setContentType(response.content_type);
    for (const auto& [name, value] : response.headers) outgoing.set(name, value);
    // A 204 has no body and no Content-Length (RFC 9110, section 8.6).
    if (response.status != 204) outgoing.setContentLength(static_cast<std::streamsize>(response.body.size()));
    outgoing.send() << response.body;
  }

 private:
  Emulator& emulator_;
};

class EmulatorHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit EmulatorHandlerFactory(Emulator& emulator) : emulator_(emulator) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new EmulatorHandler(emulator_);
  }

 private:
  Emulator& emulator_;
};

}  // namespace

struct HttpServer::State {
  Poco::ThreadPool pool{4, 160};
  Poco::Net::ServerSocket socket;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  bool stopped = false;
};

HttpServer::HttpServer(Emulator& emulator, int port) : state_(std::make_unique<State>()) {
  state_->socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), true);
  state_->socket.listen(256);
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(128);
  params->setMaxQueued(512);
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);
  params->setKeepAliveTimeout(Poco::Timespan(60, 0));
  params->setTimeout(Poco::Timespan(120, 0));
  state_->server = std::make_unique<Poco::Net::HTTPServer>(new EmulatorHandlerFactory(emulator), state_->pool,
                                                           state_->socket, params);
  state_->server->start();
  emulator.set_port(this->port());
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::port() const { return state_->socket.address().port(); }

void HttpServer::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  state_->server->stopAll(true);
  state_->pool.joinAll();
}

}  // namespace govsync::emulator
