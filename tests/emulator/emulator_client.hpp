#pragma once
// Test helpers: runs the real govsync-azure-emulator binary on a free port and
// talks to it over HTTP.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace govsync::emulator::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower case
  std::chrono::milliseconds elapsed{0};

  std::string header(const std::string& lower_name) const;
  Poco::JSON::Object::Ptr json() const;  // throws when the body is not a JSON object
};

/// The emulator as a child process, stopped (SIGTERM, then SIGKILL) when destroyed.
class EmulatorProcess {
 public:
  /// Writes `scenario_json` to a temporary file and starts the emulator on port 0.
  explicit EmulatorProcess(const std::string& scenario_json);
  /// Starts the emulator with an existing scenario file.
  explicit EmulatorProcess(const std::filesystem::path& scenario_file);
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Sends SIGTERM and returns the exit code (-1 when it did not exit in time).
  int terminate();

  HttpResult request(const std::string& method, const std::string& path_and_query, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {},
                     std::chrono::seconds timeout = std::chrono::seconds(30)) const;
  /// Requests an absolute URL (a next link); it must point at this emulator.
  HttpResult request_url(const std::string& method, const std::string& url, const std::string& body,
                         const std::map<std::string, std::string>& headers) const;

  /// Client-credentials token for `scope` ("management" or "graph" shortcuts allowed).
  HttpResult token_request(const std::string& directory_id, const std::string& client_id, const std::string& secret,
                           const std::string& scope) const;
  /// A token or a test failure.
  std::string token(const std::string& directory_id, const std::string& client_id, const std::string& secret,
                    const std::string& scope) const;

 private:
  void start(const std::filesystem::path& scenario_file);
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

std::map<std::string, std::string> bearer(const std::string& token);

/// Number of UTF-8 code points.
std::size_t code_points(const std::string& text);
std::string base64_decode(const std::string& text);
std::string read_binary(const std::filesystem::path& file);

}  // namespace govsync::emulator::test
