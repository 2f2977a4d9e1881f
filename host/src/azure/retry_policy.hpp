#pragma once
// When to retry a request to Azure, and how long to wait first.

#include <chrono>
#include <optional>
#include <random>
#include <string>

namespace govsync::host {

/// 429, 500, 502, 503 and 504 are worth retrying; nothing else with a status is.
bool is_retryable_status(int status);

/// A Retry-After header as a wait: delta-seconds ("2") or an HTTP date,
/// clamped to `longest` (max_retry_time) before any arithmetic, so a huge
/// value never overflows into a negative wait. Nothing when absent or unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& header,
                                                           std::chrono::system_clock::time_point now,
                                                           std::chrono::milliseconds longest);

/// Exponential backoff with full jitter for the n-th retry (1-based): a random
/// wait in [base × 2^(n-1) / 2, base × 2^(n-1)], capped at `cap`.
std::chrono::milliseconds backoff_delay(int retry, std::mt19937_64& random,
                                        std::chrono::milliseconds base = std::chrono::milliseconds(500),
                                        std::chrono::milliseconds cap = std::chrono::seconds(30));

}  // namespace govsync::host
