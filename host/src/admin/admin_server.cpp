#include "admin/admin_server.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "admin/http_message.hpp"

namespace govsync::host {
namespace {

using Clock = std::chrono::steady_clock;

// A request, from its first byte (or the end of the previous answer) to its
// last, and an answer, from its first byte to its last, each get this long.
constexpr auto kRequestDeadline = std::chrono::seconds(5);
// After a last answer, bytes the client still sends (an unread body) are read
// and dropped this long, so it reads the answer instead of a reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kMaxConnections = 256;
// Requests waiting for a handler beyond this are answered 503 at once.
constexpr std::size_t kMaxQueuedJobs = 64;
constexpr int kHandlerThreads = 4;

struct Connection {
  std::string in;   // received, not yet consumed
  std::string out;  // answer being sent
  std::size_t sent = 0;
  Clock::time_point deadline;
  bool handling = false;  // a handler thread has its request
  bool close_after = false;
  bool lingering = false;  // answered and half-closed: what the client still sends is read and dropped
};

struct Job {
  int fd = -1;
  AdminRequest request;
  bool keep_alive = true;
};

bool is_head(const AdminRequest& request) { return request.method == "HEAD"; }

struct Done {
  int fd = -1;
  std::string bytes;
  bool keep_alive = true;
};

}  // namespace

class AdminServer::EventLoop {
 public:
  EventLoop(const AdminSettings& settings, std::optional<BearerToken> token, AdminBackend& backend)
      : token_(std::move(token)), backend_(backend) {
    // SO_REUSEADDR, so a restart binds at once; never SO_REUSEPORT, with which
    // a second daemon would bind the same port and take half the requests.
    const Poco::Net::SocketAddress address(settings.host, static_cast<Poco::UInt16>(settings.port));
    if (address.family() == Poco::Net::SocketAddress::IPv6) {
      socket_.bind6(address, true, false, true);
    } else {
      socket_.bind(address, true, false);
    }
    socket_.listen(64);
    socket_.setBlocking(false);
    if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) throw Poco::IOException("cannot create the admin wake pipe");
    io_ = std::thread([this] { serve(); });
    for (int i = 0; i < kHandlerThreads; ++i) handlers_.emplace_back([this] { handle(); });
  }

  ~EventLoop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    jobs_ready_.notify_all();
    wake();
    io_.join();
    for (auto& handler : handlers_) handler.join();
    for (const auto& [fd, connection] : connections_) ::close(fd);
    ::close(wake_[0]);
    ::close(wake_[1]);
  }

  int port() const { return socket_.address().port(); }

 private:
  const BearerToken* token() const { return token_ ? &*token_ : nullptr; }

  void wake() const {
    const char byte = 1;
    static_cast<void>(::write(wake_[1], &byte, 1));
  }

  bool stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  // The event loop: accept, read, hand over, write; close what runs out of time.
  void serve() {
    std::vector<pollfd> polled;
    while (!stopping()) {
      polled.clear();
      const bool accepting = Clock::now() >= accept_paused_until_;
      polled.push_back({socket_.impl()->sockfd(), static_cast<short>(accepting ? POLLIN : 0), 0});
      polled.push_back({wake_[0], POLLIN, 0});
      auto next_deadline =
          Clock::now() + (accepting ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(100));
      for (const auto& [fd, c] : connections_) {
        if (c.handling) continue;  // nothing to do until its answer comes
        polled.push_back({fd, static_cast<short>(!c.out.empty() ? POLLOUT : POLLIN), 0});
        next_deadline = std::min(next_deadline, c.deadline);
      }
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_deadline - Clock::now());
      if (::poll(polled.data(), polled.size(), static_cast<int>(std::max<long long>(wait.count(), 0) + 1)) < 0 &&
          errno != EINTR) {
        continue;
      }
      if (polled[1].revents != 0) take_done();
      if (polled[0].revents != 0) accept_all();
      for (std::size_t i = 2; i < polled.size(); ++i) {
        const int fd = polled[i].fd;
        // Answers taken above may have closed it (or its number been reused by an accept).
        if (polled[i].revents == 0 || !connections_.contains(fd) || connections_.at(fd).handling) continue;
        if ((polled[i].revents & POLLOUT) != 0) {
          send_some(fd);
        } else {
          receive(fd);
        }
      }
      expire();
    }
  }

  void accept_all() {
    for (;;) {
      const int fd = ::accept4(socket_.impl()->sockfd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        // Out of descriptors: the listener stays readable, so stop watching it a moment instead of spinning.
        if (errno == EMFILE || errno == ENFILE) accept_paused_until_ = Clock::now() + std::chrono::milliseconds(100);
        return;
      }
      if (connections_.size() >= kMaxConnections) evict_oldest();
      connections_[fd].deadline = Clock::now() + kRequestDeadline;
    }
  }

  // Full: the connection nearest its deadline that no handler holds makes room,
  // so a flood of idle connections cannot keep a new probe out.
  void evict_oldest() {
    auto oldest = connections_.end();
    for (auto it = connections_.begin(); it != connections_.end(); ++it) {
      if (!it->second.handling && (oldest == connections_.end() || it->second.deadline < oldest->second.deadline)) {
        oldest = it;
      }
    }
    if (oldest != connections_.end()) close_now(oldest->first);
  }

  void close_now(int fd) {
    ::close(fd);
    connections_.erase(fd);
  }

  void receive(int fd) {
    auto& c = connections_.at(fd);
    char buffer[16384];
    const auto got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (got <= 0) {
      close_now(fd);
      return;
    }
    if (c.lingering) return;  // dropped
    c.in.append(buffer, static_cast<std::size_t>(got));
    next_request(fd);
  }

  // Answers the request at the front of the connection's bytes, once whole.
  void next_request(int fd) {
    auto& c = connections_.at(fd);
    if (c.handling || c.lingering || !c.out.empty()) return;
    const auto end = head_end(c.in);
    if (!end) {
      if (c.in.size() > kMaxRequestHead) answer(fd, error_response(431, "the request head is too large"), false);
      return;
    }
    auto head = parse_request_head(std::string_view(c.in).substr(0, *end));
    if (!head) {
      answer(fd, error_response(400, "malformed HTTP request"), false);
      return;
    }
    if (head->chunked) {
      answer(fd, error_response(411, "send the body with a Content-Length"), false);
      return;
    }
    auto& request = head->request;
    const bool api = request.path.rfind("/api/", 0) == 0;
    const bool authorized = token() != nullptr && token()->accepts(request.authorization);
    if (head->body_length > 0 && api && !authorized) {  // its body is never read
      answer(fd, route_admin_request(request, backend_, token()), false);
      return;
    }
    if (head->body_length > kMaxAdminBody) {
      answer(fd, error_response(413, "the request body is larger than " + std::to_string(kMaxAdminBody) + " bytes"),
             false);
      return;
    }
    if (c.in.size() < *end + head->body_length) return;  // the body is still coming
    request.body = c.in.substr(*end, head->body_length);
    c.in.erase(0, *end + head->body_length);
    if (request.path == "/healthz") {  // answered first, never behind a handler
      answer(fd, route_admin_request(request, backend_, token()), head->keep_alive, is_head(request));
      return;
    }
    {
      std::lock_guard lock(mutex_);
      if (jobs_.size() < kMaxQueuedJobs) {
        c.handling = true;
        jobs_.push_back({fd, std::move(request), head->keep_alive});
      }
    }
    if (!c.handling) {
      answer(fd, error_response(503, "the admin server is busy; try again"), false);
      return;
    }
    jobs_ready_.notify_one();
  }

  void answer(int fd, const AdminResponse& response, bool keep_alive, bool head_only = false) {
    auto& c = connections_.at(fd);
    c.out = format_response(response, keep_alive, head_only);
    c.sent = 0;
    c.close_after = c.close_after || !keep_alive;
    c.deadline = Clock::now() + kRequestDeadline;
    send_some(fd);
  }

  void send_some(int fd) {
    auto& c = connections_.at(fd);
    while (c.sent < c.out.size()) {
      const auto put = ::send(fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (put < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // the rest when it can take it
      if (put < 0 && errno == EINTR) continue;
      if (put <= 0) {
        c.close_after = true;
        break;
      }
      c.sent += static_cast<std::size_t>(put);
    }
    if (c.close_after) {
      ::shutdown(fd, SHUT_WR);
      c.out.clear();
      c.in.clear();
      c.lingering = true;
      c.deadline = Clock::now() + kLingerTime;
      return;
    }
    c.out.clear();
    c.sent = 0;
    c.deadline = Clock::now() + kRequestDeadline;  // the next request of a kept connection
    next_request(fd);
  }

  // Answers the handlers finished, in the loop's thread.
  void take_done() {
    char drained[256];
    while (::read(wake_[0], drained, sizeof drained) > 0) {
    }
    std::deque<Done> done;
    {
      std::lock_guard lock(mutex_);
      done.swap(done_);
    }
    for (auto& d : done) {
      auto it = connections_.find(d.fd);
      if (it == connections_.end()) continue;
      it->second.handling = false;
      it->second.out = std::move(d.bytes);
      it->second.sent = 0;
      it->second.close_after = it->second.close_after || !d.keep_alive;
      it->second.deadline = Clock::now() + kRequestDeadline;
      send_some(d.fd);
    }
  }

  void expire() {
    const auto now = Clock::now();
    std::vector<int> late;
    for (const auto& [fd, c] : connections_) {
      if (!c.handling && now >= c.deadline) late.push_back(fd);
    }
    for (const int fd : late) close_now(fd);
  }

  // A handler thread: routes requests that may take time (the database, metrics).
  void handle() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        jobs_ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      // Whatever happens, the connection gets an answer: a handler that
      // throws must neither end the process nor leave its client waiting.
      std::string bytes;
      try {
        bytes =
            format_response(route_admin_request(job.request, backend_, token()), job.keep_alive, is_head(job.request));
      } catch (const std::exception& e) {
        bytes = format_response(error_response(500, "the admin API failed: " + std::string(e.what())), false);
        job.keep_alive = false;
      }
      {
        std::lock_guard lock(mutex_);
        done_.push_back({job.fd, std::move(bytes), job.keep_alive});
      }
      wake();
    }
  }

  std::optional<BearerToken> token_;
  AdminBackend& backend_;
  Poco::Net::ServerSocket socket_;
  int wake_[2] = {-1, -1};
  Clock::time_point accept_paused_until_{};
  std::map<int, Connection> connections_;  // the loop's thread only
  std::mutex mutex_;                       // guards the three below
  std::condition_variable jobs_ready_;
  std::deque<Job> jobs_;
  std::deque<Done> done_;
  bool stopping_ = false;
  std::thread io_;
  std::vector<std::thread> handlers_;
};

AdminServer::AdminServer(const AdminSettings& settings, std::optional<BearerToken> token, AdminBackend& backend)
    : loop_(std::make_unique<EventLoop>(settings, std::move(token), backend)) {}

AdminServer::~AdminServer() = default;

int AdminServer::port() const { return loop_->port(); }

}  // namespace govsync::host
