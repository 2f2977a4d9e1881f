#include "connection_watch.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <stdexcept>

namespace govsync::bench {

ConnectionWatch::ConnectionWatch(const std::string& conninfo, std::string application_name) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    const std::string error = PQerrorMessage(connection);
    PQfinish(connection);
    throw std::runtime_error("connection watch: cannot connect: " + error);
  }
  thread_ = std::jthread([this, connection, name = std::move(application_name)] {
    const char* values[] = {name.c_str()};
    while (!stop_.load()) {
      PGresult* result = PQexecParams(connection, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1",
                                      1, nullptr, values, nullptr, nullptr, 0);
      if (PQresultStatus(result) == PGRES_TUPLES_OK) {
        const int count = std::stoi(PQgetvalue(result, 0, 0));
        if (count > peak_.load()) peak_.store(count);
      }
      PQclear(result);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    PQfinish(connection);
  });
}

ConnectionWatch::~ConnectionWatch() { stop(); }

int ConnectionWatch::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  return peak_.load();
}

}  // namespace govsync::bench
