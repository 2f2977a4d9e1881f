#include "read_quota.hpp"

#include "azure_handlers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace govsync::emulator {
namespace {

// "hh:mm:ss", rounded up to whole seconds so that a client waiting it out is never early.
std::string hh_mm_ss(std::chrono::milliseconds left) {
  const auto seconds = (std::max<long long>(left.count(), 0) + 999) / 1000;
  char text[32];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return text;
}

std::string whole_seconds_until(std::chrono::milliseconds left) {
  return std::to_string(std::max<long long>((left.count() + 999) / 1000, 1));
}

Response throttled(const Request& request, const std::string& retry_after) {
  auto response =
      api_error(Api::kManagement, 429, "TooManyRequests", "Rate limit is exceeded. Try again later.", request);
  response.headers.emplace_back("Retry-After", retry_after);
  return response;
}

// The subscription of an ARM path (/subscriptions/{id}/...), or "" for a tenant-level request.
std::string subscription_of(const std::string& path) {
  const std::string prefix = "/subscriptions/";
  if (path.rfind(prefix, 0) != 0) return {};
  const auto end = path.find('/', prefix.size());
  return path.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
}

}  // namespace

std::optional<Response> ReadQuota::admit(const Tenant& tenant, const Request& request, Api api,
                                         std::vector<std::pair<std::string, std::string>>& headers) {
  if (api != Api::kManagement) return std::nullopt;
  if (request.path.rfind("/providers/Microsoft.ResourceGraph/", 0) == 0) {
    if (tenant.quota.graph_queries <= 0) return std::nullopt;
    return admit_graph_query(tenant, request, headers);
  }
  if (request.path.find("/providers/Microsoft.CostManagement/query") != std::string::npos) {
    if (!tenant.quota.cost_qpu) return std::nullopt;
    return admit_cost_query(tenant, request, headers);
  }
  if (request.method != "GET" || tenant.quota.arm_reads_bucket <= 0) return std::nullopt;
  return admit_arm_read(tenant, request, headers);
}

std::optional<Response> ReadQuota::admit_graph_query(const Tenant& tenant, const Request& request,
                                                     std::vector<std::pair<std::string, std::string>>& headers) {
  const auto window_length = std::chrono::milliseconds(tenant.quota.graph_window_ms);
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  auto& window = windows_[tenant.directory_id];
  if (window.used == 0 || now - window.started >= window_length) window = {now, 0};
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(window.started + window_length - now);
  const bool spent = window.used >= tenant.quota.graph_queries;
  if (!spent) ++window.used;
  headers.emplace_back("x-ms-user-quota-remaining", std::to_string(tenant.quota.graph_queries - window.used));
  headers.emplace_back("x-ms-user-quota-resets-after", hh_mm_ss(left));
  if (!spent) return std::nullopt;
  auto response = throttled(request, whole_seconds_until(left));
  for (const auto& header : headers) response.headers.push_back(header);
  headers.clear();
  return response;
}

std::optional<Response> ReadQuota::admit_cost_query(const Tenant& tenant, const Request& request,
                                                    std::vector<std::pair<std::string, std::string>>& headers) {
  static const std::pair<std::chrono::seconds, int> kQuotas[] = {
      {std::chrono::seconds(10), 12}, {std::chrono::seconds(60), 60}, {std::chrono::seconds(3600), 600}};
  const int units = query_processing_units(request.body);
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  auto& charges = charges_[tenant.directory_id];
  std::erase_if(charges, [&](const Charge& c) { return c.at + std::chrono::hours(1) <= now; });
  std::chrono::milliseconds wait(0);
  for (const auto& [length, limit] : kQuotas) {
    int used = 0;
    for (const auto& c : charges) used += c.at + length > now ? c.units : 0;
    // Throttled until enough of the window's charges have aged out.
    for (const auto& c : charges) {
      if (used + units <= limit) break;
      if (c.at + length <= now) continue;
      used -= c.units;
      wait = std::max(wait, std::chrono::duration_cast<std::chrono::milliseconds>(c.at + length - now));
    }
  }
  if (wait.count() > 0) {
    auto response = api_error(Api::kManagement, 429, "429", "Too many requests. Please retry.", request);
    response.headers.emplace_back("x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after", whole_seconds_until(wait));
    return response;
  }
  charges.push_back({now, units});
  headers.emplace_back("x-ms-ratelimit-microsoft.costmanagement-qpu-consumed", std::to_string(units));
  return std::nullopt;
}

std::optional<Response> ReadQuota::admit_arm_read(const Tenant& tenant, const Request& request,
                                                  std::vector<std::pair<std::string, std::string>>& headers) {
  const auto subscription = subscription_of(request.path);
  const auto size = static_cast<double>(tenant.quota.arm_reads_bucket);
  const auto refill = static_cast<double>(tenant.quota.arm_reads_refill_per_second);
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  const auto key = tenant.directory_id + "/" + subscription;
  auto found = buckets_.find(key);
  if (found == buckets_.end()) found = buckets_.emplace(key, Bucket{now, size}).first;
  auto& bucket = found->second;
  bucket.tokens = std::min(size, bucket.tokens + refill * std::chrono::duration<double>(now - bucket.updated).count());
  bucket.updated = now;
  if (bucket.tokens < 1.0) {
    const auto wait =
        std::chrono::milliseconds(static_cast<long long>(std::ceil((1.0 - bucket.tokens) / refill * 1000)));
    return throttled(request, whole_seconds_until(wait));
  }
  bucket.tokens -= 1.0;
  headers.emplace_back(
      subscription.empty() ? "x-ms-ratelimit-remaining-tenant-reads" : "x-ms-ratelimit-remaining-subscription-reads",
      std::to_string(static_cast<long long>(std::floor(bucket.tokens))));
  return std::nullopt;
}

void ReadQuota::clear() {
  std::lock_guard lock(mutex_);
  windows_.clear();
  buckets_.clear();
  charges_.clear();
}

}  // namespace govsync::emulator
