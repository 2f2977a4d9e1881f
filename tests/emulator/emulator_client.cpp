#include "emulator_client.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "emulator_paths.hpp"

extern char** environ;

namespace govsync::emulator::test {

std::string HttpResult::header(const std::string& lower_name) const {
  const auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

Poco::JSON::Object::Ptr HttpResult::json() const {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string base64_decode(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::ostringstream out;
  out << decoder.rdbuf();
  return out.str();
}

std::string read_binary(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

EmulatorProcess::EmulatorProcess(const std::string& scenario_json) {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() / ("govsync-emulator-test-" + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "scenario.json") << scenario_json;
  start(dir_ / "scenario.json");
}

EmulatorProcess::EmulatorProcess(const std::filesystem::path& scenario_file) {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() / ("govsync-emulator-test-" + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  start(scenario_file);
}

void EmulatorProcess::start(const std::filesystem::path& scenario_file) {
  const std::string binary = GOVSYNC_EMULATOR_BINARY;
  const auto port_file = (dir_ / "port").string();
  const auto log_file = (dir_ / "emulator.log").string();
  std::vector<std::string> args{binary, "--scenario", scenario_file.string(), "--port", "0", "--port-file", port_file};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + binary);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    if (in >> port_ && port_ > 0) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("emulator exited at start: " + read_binary(log_file));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("emulator did not write its port file");
}

EmulatorProcess::~EmulatorProcess() {
  if (pid_ > 0 && terminate() < 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

int EmulatorProcess::terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

HttpResult EmulatorProcess::request(const std::string& method, const std::string& path_and_query,
                                    const std::string& body, const std::map<std::string, std::string>& headers,
                                    std::chrono::seconds timeout) const {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  session.setTimeout(Poco::Timespan(static_cast<long>(timeout.count()), 0));
  Poco::Net::HTTPRequest request(method, path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (method == "POST") {
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!request.has("Content-Type")) request.setContentType("application/json");
  }
  const auto started = std::chrono::steady_clock::now();
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  auto& stream = session.receiveResponse(response);
  HttpResult result;
  Poco::StreamCopier::copyToString(stream, result.body);
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  result.status = static_cast<int>(response.getStatus());
  for (const auto& [name, value] : response) {
    std::string lowered = name;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    result.headers[lowered] = value;
  }
  return result;
}

HttpResult EmulatorProcess::request_url(const std::string& method, const std::string& url, const std::string& body,
                                        const std::map<std::string, std::string>& headers) const {
  const Poco::URI uri(url);
  EXPECT_EQ(uri.getHost(), "127.0.0.1");
  EXPECT_EQ(uri.getPort(), port_);
  return request(method, uri.getPathEtc(), body, headers);
}

HttpResult EmulatorProcess::token_request(const std::string& directory_id, const std::string& client_id,
                                          const std::string& secret, const std::string& scope) const {
  std::string full_scope = scope;
  if (scope == "management") full_scope = "https://management.azure.com/.default";
  if (scope == "graph") full_scope = "https://graph.microsoft.com/.default";
  std::string encoded_scope;
  Poco::URI::encode(full_scope, "/:&=+?#", encoded_scope);
  std::string encoded_secret;
  Poco::URI::encode(secret, "/:&=+?#", encoded_secret);
  const auto form = "grant_type=client_credentials&client_id=" + client_id + "&client_secret=" + encoded_secret +
                    "&scope=" + encoded_scope;
  return request("POST", "/" + directory_id + "/oauth2/v2.0/token", form,
                 {{"Content-Type", "application/x-www-form-urlencoded"}});
}

std::string EmulatorProcess::token(const std::string& directory_id, const std::string& client_id,
                                   const std::string& secret, const std::string& scope) const {
  const auto result = token_request(directory_id, client_id, secret, scope);
  EXPECT_EQ(result.status, 200) << result.body;
  if (result.status != 200) return {};
  return result.json()->getValue<std::string>("access_token");
}

}  // namespace govsync::emulator::test
