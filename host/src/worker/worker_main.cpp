#include "worker/worker_main.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <iostream>

#include "channel/messages.hpp"
#include "channel/protocol.hpp"
#include "cli/arguments.hpp"
#include "worker/channel_log_sink.hpp"
#include "worker/worker_run.hpp"

namespace govsync::host {
namespace {

using channel::WorkerExit;

bool is_socket(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

// Given by the supervisor when [plugins] require_safe_permissions = false.
constexpr const char* kUncheckedPermissionsFlag = "unchecked-permissions";

int exit_code(WorkerExit exit) { return static_cast<int>(exit); }

// Configures the plugin as the supervisor says; the answer says whether it took it.
bool configure_plugin(worker::WorkerState& state, const Poco::JSON::Object& configure, channel::FrameChannel& channel) {
  state.configuration = channel::configuration_of(configure);
  spdlog::set_level(spdlog::level::from_str(state.configuration.log_level));
  state.plugin_config = new Poco::Util::MapConfiguration;
  for (const auto& [key, value] : state.configuration.plugin_keys) state.plugin_config->setString(key, value);
  std::string refusal;
  try {
    state.plugin.instance->configure(*state.plugin_config);
  } catch (const Poco::Exception& e) {
    refusal = e.displayText();
  } catch (const std::exception& e) {
    refusal = e.what();
  } catch (...) {
    refusal = "an exception not derived from std::exception";
  }
  auto answer = channel::message_of(channel::message::configured);
  answer.set("ok", refusal.empty());
  if (!refusal.empty()) answer.set("error", refusal);
  static_cast<void>(channel.send(answer));
  return refusal.empty();
}

}  // namespace

int command_worker(const std::vector<std::string>& args) {
  auto parsed = parse_arguments("worker", args, {{"plugin"}, {kUncheckedPermissionsFlag, false}});
  if (!parsed || !parsed->value("plugin") || !is_socket(kWorkerChannelFd)) {
    std::cerr << "govsync worker: this command is started by `govsync serve` and `govsync run` for each plugin "
                 "process; it is not meant to be run by hand\n";
    return 64;
  }
  const pid_t supervisor = ::getppid();
  // Programs a plugin starts must not hold the channel open after this process is gone.
  ::fcntl(kWorkerChannelFd, F_SETFD, FD_CLOEXEC);
  channel::FrameChannel channel(kWorkerChannelFd, std::chrono::seconds(30));
  auto sink = std::make_shared<worker::ChannelLogSink>(channel);
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("worker", sink));
  // Lines logged while the process exits must not reach a channel already gone.
  struct DetachLogging {
    ~DetachLogging() { spdlog::set_default_logger(std::make_shared<spdlog::logger>("worker")); }
  } detach_logging;
  worker::WorkerInbox inbox(channel);

  const std::filesystem::path file = *parsed->value("plugin");
  // The worker checks the file it loads itself ([plugins] require_safe_permissions), whoever started it.
  auto load = load_plugin_file(
      file, parsed->has(kUncheckedPermissionsFlag) ? PermissionRule::unchecked : PermissionRule::enforced);
  if (const auto sent = channel.send(channel::hello(load)); !sent || load.failure) {
    return exit_code(WorkerExit::plugin_unloadable);
  }
  worker::WorkerState state{std::move(*load.plugin), {}, {}, nullptr, std::nullopt, {}};

  bool configured = false;
  // Between runs: wait for the next message; leave when the supervisor closes
  // the channel or is gone (a killed supervisor's PR_SET_PDEATHSIG also ends us).
  while (!inbox.closed() && ::getppid() == supervisor) {
    const auto message = inbox.next(std::chrono::seconds(1));
    if (!message) continue;
    const auto type = message->getValue<std::string>("type");
    if (type == channel::message::configure) {
      configured = configure_plugin(state, *message, channel);
    } else if (type == channel::message::start_run && configured) {
      worker::run_in_worker(state, *message, channel, inbox);
    } else {
      spdlog::error("worker of plugin {}: unexpected message '{}'", state.plugin.info.name, type);
      return exit_code(WorkerExit::protocol_error);
    }
  }
  return exit_code(WorkerExit::finished);
}

}  // namespace govsync::host
