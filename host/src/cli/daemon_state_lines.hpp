#pragma once
// `govsync status`'s lines about each host's daemon: when it started, when the
// configuration in force was loaded, a reload it refused since, and what it
// holds back after runs killed their worker repeatedly.

#include <ostream>
#include <vector>

#include <Poco/JSON/Array.h>

#include "daemon/daemon_state.hpp"

namespace govsync::host {

void print_daemon_states(std::ostream& out, const std::vector<DaemonState>& states,
                         const std::vector<HostQuarantine>& quarantines);
Poco::JSON::Array daemon_states_json(const std::vector<DaemonState>& states);
Poco::JSON::Array quarantines_json(const std::vector<HostQuarantine>& quarantines);

}  // namespace govsync::host
