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

// Threads serving admin connections.
constexpr int kAdminThreads = 16;

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
    if (answer.status == 413 || !request.getKeepAlive()) response.setKeepAlive(false);
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.send() << answer.body;
  }

 private:
  AdminResponse answer_to(Poco::Net::HTTPServerRequest& request) {
    const Poco::URI uri(request.getURI());
    AdminRequest admin{request.getMethod(), uri.getPath(), uri.getRawQuery(), request.get("Authorization", ""), ""};
    // A body is read only when the request announces one (a PUT without one
    // once waited 10 s for it), and on /api/ only from a client with the token.
    const bool announced = request.hasContentLength() || request.getChunkedTransferEncoding();
    const bool api = admin.path.rfind("/api/", 0) == 0;
    const bool authorized = token_ != nullptr && token_->accepts(admin.authorization);
    if (!announced || (api && !authorized)) {
      if (announced) request.setKeepAlive(false);  // its unread body ends the connection
      return route_admin_request(admin, backend_, token_);
    }
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
  // SO_REUSEADDR, so a restart binds at once; never SO_REUSEPORT, with which
  // a second daemon would bind the same port and take half the requests.
  const Poco::Net::SocketAddress address(settings.host, static_cast<Poco::UInt16>(settings.port));
  Poco::Net::ServerSocket socket;
  if (address.family() == Poco::Net::SocketAddress::IPv6) {
    socket.bind6(address, true, false, true);
  } else {
    socket.bind(address, true, false);
  }
  socket.listen(64);
  port_ = socket.address().port();
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  // A connection holds a thread while it is open: enough threads for a few
  // slow clients, short waits for each read, and keep-alive bounded.
  params->setMaxThreads(kAdminThreads);
  params->setMaxQueued(64);
  params->setTimeout(Poco::Timespan(2, 0));
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(2, 0));
  params->setMaxKeepAliveRequests(100);
  params->setServerName("govsync");
  server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(backend, std::move(token)), socket, params);
  server_->start();
}

AdminServer::~AdminServer() {
  if (server_) server_->stopAll(true);
}

}  // namespace govsync::host
