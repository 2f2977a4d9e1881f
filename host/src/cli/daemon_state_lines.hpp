#pragma once
// `govsync status`'s lines about each host's daemon: when it started, when the
// configuration in force was loaded, and a reload it refused since.

#include <ostream>
#include <vector>

#include <Poco/JSON/Array.h>

#include "daemon/daemon_state.hpp"

namespace govsync::host {

void print_daemon_states(std::ostream& out, const std::vector<DaemonState>& states);
Poco::JSON::Array daemon_states_json(const std::vector<DaemonState>& states);

}  // namespace govsync::host
