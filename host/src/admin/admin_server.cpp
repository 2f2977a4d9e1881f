#include "admin/admin_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>

#include <istream>

#include "admin/admin_routes.hpp"

namespace govsync::host {
namespace {

// Reads at most `limit` + 1 bytes, so an oversized body is recognised
// without being read whole.
std::string read_limited(std::istream& in, std::size_t limit) {
  std::string body(limit + 1, '\0');
  in.read(body.data(), static_cast<std::streamsize>(body.size()));
  body.resize(static_cast<std::size_t>(in.gcount()));
  return body;
}

// Reads and drops up to kMaxDrained more bytes of a body that is too large,
// so the client, still sending, can read the 413 instead of a reset.
constexpr std::streamsize kMaxDrained = 1024 * 1024;
void drain(std::istream& in) { in.ignore(kMaxDrained); }

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(AdminBackend& backend, const BearerToken* token) : backend_(backend), token_(token) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    const auto answer = answer_to(request);
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setContentType(answer.content_type);
    response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    if (!answer.allow.empty()) response.set("Allow", answer.allow);
    if (answer.status == 413) response.setKeepAlive(false);
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.send() << answer.body;
  }

 private:
  AdminResponse answer_to(Poco::Net::HTTPServerRequest& request) {
    const Poco::URI uri(request.getURI());
    AdminRequest admin{request.getMethod(), uri.getPath(), uri.getRawQuery(), request.get("Authorization", ""), ""};
    admin.body = read_limited(request.stream(), kMaxAdminBody);
    if (admin.body.size() > kMaxAdminBody) {
      drain(request.stream());
      return too_large();
    }
    return route_admin_request(admin, backend_, token_);
  }

  static AdminResponse too_large() {
    return {413, "application/json",
            "{\"error\":\"the request body is larger than " + std::to_string(kMaxAdminBody) + " bytes\"}\n", ""};
  }

  AdminBackend& backend_;
  const BearerToken* token_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(AdminBackend& backend, std::optional<BearerToken> token)
      : backend_(backend), token_(std::move(token)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(backend_, token_ ? &*token_ : nullptr);
  }

 private:
  AdminBackend& backend_;
  std::optional<BearerToken> token_;
};

}  // namespace

AdminServer::AdminServer(const AdminSettings& settings, std::optional<BearerToken> token, AdminBackend& backend) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(settings.host, static_cast<Poco::UInt16>(settings.port)));
  port_ = socket.address().port();
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(4);
  params->setMaxQueued(32);
  params->setTimeout(Poco::Timespan(10, 0));
  params->setKeepAlive(true);
  params->setServerName("govsync");
  server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(backend, std::move(token)), socket, params);
  server_->start();
}

AdminServer::~AdminServer() {
  if (server_) server_->stopAll(true);
}

}  // namespace govsync::host
