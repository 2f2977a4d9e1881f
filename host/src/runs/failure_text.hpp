#pragma once
// Runs a callable and turns any exception it throws into its message.

#include <exception>
#include <string>

#include <Poco/Exception.h>

#include "db/database.hpp"

namespace govsync::host {

/// "" when f returned; else the exception's text, with connection secrets redacted.
template <typename F>
std::string failure_of(F&& f) {
  try {
    f();
    return {};
  } catch (const Poco::Exception& e) {
    return redact_connection_secrets(e.displayText());
  } catch (const std::exception& e) {
    return redact_connection_secrets(e.what());
  } catch (...) {
    return "unknown exception (not derived from std::exception)";
  }
}

}  // namespace govsync::host
