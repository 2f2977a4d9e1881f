#include "writer/table_turns.hpp"

#include <chrono>
#include <map>

namespace govsync::host {
namespace {

// One turn per table name, kept for the life of the process (a few dozen tables).
std::timed_mutex& turn_of(const std::string& table) {
  static std::mutex guard;
  static std::map<std::string, std::timed_mutex> turns;
  std::lock_guard lock(guard);
  return turns[table];
}

}  // namespace

TableTurn::TableTurn(const std::string& table, std::chrono::milliseconds longest_wait)
    : turn_(turn_of(table)), held_(turn_.try_lock_for(longest_wait)) {}

TableTurn::~TableTurn() {
  if (held_) turn_.unlock();
}

}  // namespace govsync::host
