#pragma once
// The scenario's injected faults for one API request of a tenant.

#include <cstdint>
#include <functional>
#include <optional>

#include "errors.hpp"
#include "http_types.hpp"
#include "scenario.hpp"

namespace govsync::emulator {

/// Sleeps up to `ms`, returning early when the emulator shuts down.
using Sleeper = std::function<void(int ms)>;

/// The fault answer for the tenant's `number`-th (1-based) API request, or
/// nothing to answer normally. Hangs sleep here and then answer normally.
std::optional<Response> injected_fault(const Tenant& tenant, std::uint64_t number, Api api, const Request& request,
                                       const Sleeper& sleep);

}  // namespace govsync::emulator
