#pragma once
// The scenario: which tenants exist and how much data and which faults each
// has. Parsed from JSON; every tenant field has a default (see README.md).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace govsync::emulator {

struct Faults {
  int throttle_every = 0;
  int throttle_first = 0;                   // the first N API requests of the tenant answer 429
  std::string retry_after = "1";
  std::string throttle_header = "Retry-After";  // the header that carries retry_after on an injected 429
  int server_error_every = 0;
  int server_error_status = 503;
  int hang_every = 0;
  int hang_ms = 30000;
  int malformed_page = 0;
  int bogus_page = 0;      // 1-based page number of every paged listing answered 200 with bogus_body
  std::string bogus_body;  // sent as written, with {base} replaced by the emulator's base URL
  int status_for_all = 0;
  std::vector<std::string> forbidden_paths;
};

// Read quotas the services state in their answers (see read_quota.hpp); 0 is no quota and no headers.
struct Quota {
  int graph_queries = 0;  // Resource Graph queries per window
  int graph_window_ms = 5000;
  int arm_reads_bucket = 0;  // ARM reads per subscription (and per tenant): the bucket's size
  int arm_reads_refill_per_second = 25;
  bool cost_qpu = false;  // Cost Management's documented QPU quotas per tenant (12/10 s, 60/min, 600/h)
};

struct ReportFile {
  std::string name;   // base name
  std::string bytes;  // file content
};

struct Tenant {
  std::string directory_id;  // lower case
  std::string client_id;
  std::string client_secret;
  bool managed_identity = false;
  int token_expires_in = 3599;
  int subscriptions = 2;
  int disabled_subscriptions = 0;
  int policy_states_per_subscription = 25;
  int resources_per_subscription = 20;
  int cost_days = 30;
  int cost_groups = 3;
  int cost_version = 0;
  int users = 30;
  int guests = 5;
  int directory_roles = 3;
  int members_per_role = 2;
  std::vector<std::string> domains;
  std::string mailbox;
  std::vector<ReportFile> dmarc_reports;
  // Names: one message each, after the reports' messages, whose only attachment
  // is a referenceAttachment (a link to a file in OneDrive/SharePoint: no content).
  std::vector<std::string> dmarc_reference_attachments;
  // Report files: one message each, after the reference attachments' messages,
  // whose only attachment is an itemAttachment: a forwarded message carrying the file.
  std::vector<ReportFile> dmarc_item_attachments;
  int removed_resources = 0;
  int removed_policy_states = 0;
  bool sign_in_activity_forbidden = false;
  bool no_premium_licence = false;
  bool cost_no_content = false;
  bool orphan_kinds = false;  // resources also of every kind the orphan rule reads (see azure_resources.cpp)
  int page_size = 10;
  int latency_ms = 0;
  int oversized_length = 0;
  bool oversized_multibyte = true;
  Quota quota;
  Faults faults;

  // Derived when the scenario is loaded.
  bool client_credentials = false;            // a client_id was configured
  std::vector<std::string> subscription_ids;  // enabled first, then disabled
  std::vector<int> cost_column_order;         // permutation of the five cost columns
};

struct Scenario {
  std::uint64_t seed = 42;
  std::vector<Tenant> tenants;

  const Tenant* find_tenant(const std::string& directory_id) const;
  const Tenant* managed_identity_tenant() const;
};

class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses scenario JSON; relative report paths resolve against `base_dir`.
/// Throws ScenarioError with a message naming the problem.
std::shared_ptr<const Scenario> parse_scenario(const std::string& json, const std::filesystem::path& base_dir);
std::shared_ptr<const Scenario> load_scenario_file(const std::filesystem::path& file);

}  // namespace govsync::emulator
