#pragma once
// The messages between the supervisor and a worker process. One header both
// sides include; the frames themselves are in channel/frame_channel.hpp.
//
// A frame is a 4-byte big-endian length, then that many bytes of one JSON
// object whose "type" names the message. Readers ignore fields they do not
// know, so a field may be added without a version bump.

#include <cstdint>
#include <string_view>

namespace govsync::host::channel {

/// Bump when a message changes meaning or gains a required field; both sides
/// must match exactly (they are the same executable, so only a package upgrade
/// under a running daemon can make them differ).
inline constexpr int kProtocolVersion = 1;

/// A larger frame is a protocol error; the reader never allocates more.
inline constexpr std::uint32_t kMaxFrameBytes = 4U << 20;

/// Message types, the value of each frame's "type".
namespace message {
/// worker -> supervisor, always first: protocol, pid, and the plugin's
/// description (name, version, description, sdk, keys), or why it cannot load.
inline constexpr std::string_view hello = "hello";
/// supervisor -> worker: the [domain.<name>] keys, the database URL, the
/// non-secret [azure] settings and the log level. Answered by `configured`.
inline constexpr std::string_view configure = "configure";
inline constexpr std::string_view configured = "configured";
/// supervisor -> worker: one run (run id, owner, tenant without secrets,
/// trigger, attempt). Answered, at its end, by `run_result`.
inline constexpr std::string_view start_run = "start_run";
/// worker -> supervisor: a bearer token for the run's tenant and a scope
/// (with `rejected`, a token the API refused with 401, not to be handed out again);
/// answered by `token` (a value, or an error kind, status and text).
inline constexpr std::string_view token_request = "token_request";
inline constexpr std::string_view token = "token";
/// worker -> supervisor: may the run commit now? Answered by `commit_answer`
/// (no once the run timed out), so a run is never both committed and expired.
inline constexpr std::string_view commit_request = "commit_request";
inline constexpr std::string_view commit_answer = "commit_answer";
/// worker -> supervisor: the plugin's last progress report, with counts.
inline constexpr std::string_view progress = "progress";
/// worker -> supervisor: one HTTP attempt ended (status, will it be retried).
/// A worker of this version counts them in its `run_result` instead; the
/// supervisor still takes the single message.
inline constexpr std::string_view azure_attempt = "azure_attempt";
/// worker -> supervisor: one log record (level, logger name, text).
inline constexpr std::string_view log = "log";
/// worker -> supervisor: the run ended (status, counts, error, resident
/// memory, and its HTTP attempts counted by status and retry).
inline constexpr std::string_view run_result = "run_result";
/// supervisor -> worker: stop the run at the next page (the reason is kept).
inline constexpr std::string_view cancel = "cancel";
}  // namespace message

/// Exit codes of `govsync worker`; anything else is worded as it is.
enum class WorkerExit : int {
  finished = 0,           ///< the supervisor closed the channel between runs
  protocol_error = 4,     ///< a frame it could not read or did not expect
  plugin_unloadable = 5,  ///< the plugin file could not be loaded (said in `hello`)
  limits_refused = 6      ///< the kernel refused a limit before exec (a seccomp filter blocking setrlimit or prctl)
};

}  // namespace govsync::host::channel
