#pragma once
// SQL functions govsync gives its SQLite connections, so that SQL run by the
// host (migrations) reads values exactly as the host's C++ code does.

#include <Poco/Data/Session.h>

namespace govsync::host {

/// Registers on the session's connection:
/// govsync_canonical_timestamp(text): the text as the writer stores a
/// timestamp (govsync::canonical_timestamp), or NULL when it is no timestamp
/// or not text.
void register_sqlite_functions(Poco::Data::Session& session);

}  // namespace govsync::host
