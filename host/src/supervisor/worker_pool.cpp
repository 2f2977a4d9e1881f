#include "supervisor/worker_pool.hpp"

#include <signal.h>

#include <Poco/Exception.h>

#include <sstream>

#include "channel/protocol.hpp"

namespace govsync::host {

std::string worker_key(const std::filesystem::path& plugin, const channel::WorkerConfiguration& configuration) {
  std::ostringstream text;
  channel::configure(configuration, false).stringify(text);
  return plugin.string() + "\n" + text.str();
}

WorkerPool::WorkerPool(WorkerLimits limits, std::size_t max_idle) : limits_(std::move(limits)), max_idle_(max_idle) {}

WorkerPool::~WorkerPool() { retire_idle(); }

StartedWorker WorkerPool::start(const std::filesystem::path& plugin) {
  return spawner_.call<StartedWorker>([&] { return WorkerProcess::start(plugin, limits_); });
}

std::string WorkerPool::introduce(WorkerProcess& worker, const channel::WorkerConfiguration& configuration) {
  const auto load = worker.hello(limits_.start_timeout);
  if (load.failure) return load.failure->message;
  if (const auto sent = worker.channel().send(channel::configure(configuration)); !sent) {
    return "cannot configure the worker (pid " + std::to_string(worker.pid()) + "): " + sent.error().message;
  }
  const auto answer = worker.next_message(limits_.start_timeout);
  if (answer.type() != channel::message::configured) {
    worker.kill();
    return "the worker of plugin " + worker.plugin_name + " (pid " + std::to_string(worker.pid()) +
           ") did not take its configuration: it " + worker.reap(std::chrono::seconds(2));
  }
  try {
    if (!answer.object->optValue<bool>("ok", false)) {
      return answer.object->optValue<std::string>("error", "no reason given");
    }
  } catch (const Poco::Exception& e) {  // plugin code owns the worker: its answer may be anything
    worker.kill();
    return "the worker of plugin " + worker.plugin_name + " answered its configuration with a malformed message (" +
           e.displayText() + ")";
  }
  return {};
}

StartedWorker WorkerPool::acquire(const std::filesystem::path& plugin,
                                  const channel::WorkerConfiguration& configuration) {
  const auto key = worker_key(plugin, configuration);
  std::vector<std::unique_ptr<WorkerProcess>> dead;  // idle workers found dead: reaped outside the lock
  {
    std::lock_guard lock(mutex_);
    for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {  // the warmest first
      if ((*it)->key != key) continue;
      auto worker = std::move(*it);
      idle_.erase(std::next(it).base());
      if (!worker->idle_and_healthy()) {
        dead.push_back(std::move(worker));
        break;
      }
      busy_.insert(worker->pid());
      return {std::move(worker), {}, false};
    }
  }
  for (auto& worker : dead) worker->stop(std::chrono::seconds(1));
  auto started = start(plugin);
  if (!started.worker) return started;
  if (auto problem = introduce(*started.worker, configuration); !problem.empty()) {
    const bool died = started.worker->has_exited();
    started.worker->stop(std::chrono::seconds(2));
    return {nullptr, problem, died};
  }
  started.worker->key = key;
  std::lock_guard lock(mutex_);
  busy_.insert(started.worker->pid());
  return started;
}

void WorkerPool::forget(const WorkerProcess& worker) {
  std::lock_guard lock(mutex_);
  busy_.erase(worker.pid());
}

void WorkerPool::release(std::unique_ptr<WorkerProcess> worker, bool reusable) {
  forget(*worker);
  reusable = reusable && worker->runs < limits_.max_runs && max_idle_ > 0;
  std::unique_ptr<WorkerProcess> evicted;
  if (reusable) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(worker));
    if (idle_.size() > max_idle_) {
      evicted = std::move(idle_.front());
      idle_.erase(idle_.begin());
    }
  } else {
    evicted = std::move(worker);
  }
  if (evicted) evicted->stop(limits_.stop_grace);
}

SingleLoad WorkerPool::probe(const std::filesystem::path& file) {
  auto started = start(file);
  if (!started.worker) return SingleLoad{std::nullopt, LoadFailure{file, LoadFailureKind::cannot_open, started.error}};
  auto load = started.worker->hello(limits_.start_timeout);
  started.worker->stop(std::chrono::seconds(2));
  return load;
}

std::string WorkerPool::check_configuration(const std::filesystem::path& file,
                                            const channel::WorkerConfiguration& configuration) {
  auto started = start(file);
  if (!started.worker) return started.error;
  auto problem = introduce(*started.worker, configuration);
  started.worker->stop(std::chrono::seconds(2));
  return problem;
}

void WorkerPool::retire_idle() {
  std::vector<std::unique_ptr<WorkerProcess>> idle;
  {
    std::lock_guard lock(mutex_);
    idle.swap(idle_);
  }
  for (auto& worker : idle) worker->stop(limits_.stop_grace);
}

void WorkerPool::kill_busy() {
  std::lock_guard lock(mutex_);
  for (const auto pid : busy_) ::kill(pid, SIGKILL);
}

}  // namespace govsync::host
