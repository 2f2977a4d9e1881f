#include "scenario.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "derive.hpp"

namespace govsync::emulator {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Reads typed fields of one JSON object and rejects keys nobody read.
class FieldReader {
 public:
  FieldReader(Object::Ptr object, std::string where) : object_(std::move(object)), where_(std::move(where)) {}

  void integer(const std::string& name, int& out, int minimum = 0) {
    if (!present(name)) return;
    const auto value = object_->get(name);
    if (!value.isNumeric()) fail(name, "must be a number");
    const auto number = value.convert<std::int64_t>();
    if (number < minimum || number > 1000000000) fail(name, "is out of range");
    out = static_cast<int>(number);
  }
  void boolean(const std::string& name, bool& out) {
    if (!present(name)) return;
    const auto value = object_->get(name);
    if (!value.isBoolean()) fail(name, "must be true or false");
    out = value.convert<bool>();
  }
  void text(const std::string& name, std::string& out) {
    if (!present(name)) return;
    const auto value = object_->get(name);
    if (!value.isString() && !value.isNumeric()) fail(name, "must be a string");
    out = value.convert<std::string>();
  }
  void strings(const std::string& name, std::vector<std::string>& out) {
    if (!present(name)) return;
    const auto array = object_->getArray(name);
    if (!array) fail(name, "must be an array of strings");
    out.clear();
    for (std::size_t i = 0; i < array->size(); ++i) {
      const auto item = array->get(static_cast<unsigned>(i));
      if (!item.isString()) fail(name, "must be an array of strings");
      out.push_back(item.convert<std::string>());
    }
  }
  Object::Ptr object(const std::string& name) {
    if (!present(name)) return nullptr;
    auto child = object_->getObject(name);
    if (!child) fail(name, "must be an object");
    return child;
  }
  bool present(const std::string& name) {
    read_.insert(name);
    return object_->has(name) && !object_->isNull(name);
  }
  void finish() const {
    std::vector<std::string> names;
    object_->getNames(names);
    for (const auto& name : names) {
      if (read_.count(name) == 0) throw ScenarioError(where_ + ": unknown key \"" + name + "\"");
    }
  }
  [[noreturn]] void fail(const std::string& name, const std::string& problem) const {
    throw ScenarioError(where_ + "." + name + " " + problem);
  }

 private:
  Object::Ptr object_;
  std::string where_;
  std::set<std::string> read_;
};

std::string read_binary(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError("cannot read DMARC report file " + file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A list of report files (relative to the scenario's folder, or absolute): name and content each.
void read_report_files(FieldReader& r, const std::string& name, const std::filesystem::path& base_dir,
                       std::vector<ReportFile>& out) {
  std::vector<std::string> paths;
  r.strings(name, paths);
  for (const auto& path : paths) {
    std::filesystem::path file(path);
    if (file.is_relative()) file = base_dir / file;
    out.push_back({file.filename().string(), read_binary(file)});
  }
}

void parse_faults(Object::Ptr object, const std::string& where, Faults& faults) {
  FieldReader r(std::move(object), where);
  r.integer("throttle_every", faults.throttle_every);
  r.integer("throttle_first", faults.throttle_first);
  r.text("retry_after", faults.retry_after);
  r.text("throttle_header", faults.throttle_header);
  if (faults.throttle_header.empty()) r.fail("throttle_header", "must name a header");
  r.integer("server_error_every", faults.server_error_every);
  r.integer("server_error_status", faults.server_error_status, 100);
  r.integer("hang_every", faults.hang_every);
  r.integer("hang_ms", faults.hang_ms);
  r.integer("malformed_page", faults.malformed_page);
  r.integer("bogus_page", faults.bogus_page);
  r.text("bogus_body", faults.bogus_body);
  r.integer("status_for_all", faults.status_for_all);
  r.strings("forbidden_paths", faults.forbidden_paths);
  r.finish();
}

void derive_tenant(std::uint64_t seed, Tenant& tenant) {
  const std::string base = tenant.directory_id;
  if (tenant.domains.empty()) tenant.domains.push_back("contoso-" + derive_hex(seed, base + "/domain", 8) + ".example");
  if (tenant.mailbox.empty()) tenant.mailbox = "dmarc@" + tenant.domains.front();
  tenant.client_credentials = !tenant.client_id.empty();
  if (tenant.client_id.empty()) tenant.client_id = derive_guid(seed, base + "/managed-identity-client");
  const int total = tenant.subscriptions + tenant.disabled_subscriptions;
  for (int i = 0; i < total; ++i) {
    tenant.subscription_ids.push_back(derive_guid(seed, base + "/subscription/" + std::to_string(i)));
  }
  tenant.cost_column_order = {0, 1, 2, 3, 4};
  DerivedSequence shuffle(seed, base + "/cost-columns");
  for (std::size_t i = tenant.cost_column_order.size() - 1; i > 0; --i) {
    std::swap(tenant.cost_column_order[i], tenant.cost_column_order[shuffle.below(i + 1)]);
  }
}

Tenant parse_tenant(Object::Ptr object, const std::string& where, const std::filesystem::path& base_dir,
                    std::uint64_t seed) {
  Tenant tenant;
  FieldReader r(std::move(object), where);
  r.text("directory_id", tenant.directory_id);
  if (tenant.directory_id.empty()) r.fail("directory_id", "is required");
  tenant.directory_id = lower(tenant.directory_id);
  r.text("client_id", tenant.client_id);
  tenant.client_id = lower(tenant.client_id);
  r.text("client_secret", tenant.client_secret);
  r.boolean("managed_identity", tenant.managed_identity);
  if (tenant.client_id.empty() && !tenant.managed_identity) r.fail("client_id", "is required without managed_identity");
  r.integer("token_expires_in", tenant.token_expires_in, 1);
  r.integer("subscriptions", tenant.subscriptions);
  r.integer("disabled_subscriptions", tenant.disabled_subscriptions);
  r.integer("policy_states_per_subscription", tenant.policy_states_per_subscription);
  r.integer("resources_per_subscription", tenant.resources_per_subscription);
  r.integer("cost_days", tenant.cost_days);
  r.integer("cost_groups", tenant.cost_groups);
  r.integer("cost_version", tenant.cost_version);
  r.integer("users", tenant.users);
  r.integer("guests", tenant.guests);
  r.integer("directory_roles", tenant.directory_roles);
  r.integer("members_per_role", tenant.members_per_role);
  r.strings("domains", tenant.domains);
  r.text("mailbox", tenant.mailbox);
  read_report_files(r, "dmarc_reports", base_dir, tenant.dmarc_reports);
  r.strings("dmarc_reference_attachments", tenant.dmarc_reference_attachments);
  read_report_files(r, "dmarc_item_attachments", base_dir, tenant.dmarc_item_attachments);
  r.integer("removed_resources", tenant.removed_resources);
  r.integer("removed_policy_states", tenant.removed_policy_states);
  r.boolean("sign_in_activity_forbidden", tenant.sign_in_activity_forbidden);
  r.boolean("no_premium_licence", tenant.no_premium_licence);
  r.boolean("cost_no_content", tenant.cost_no_content);
  r.boolean("orphan_kinds", tenant.orphan_kinds);
  r.integer("page_size", tenant.page_size, 1);
  r.integer("latency_ms", tenant.latency_ms);
  if (auto oversized = r.object("oversized")) {
    FieldReader o(oversized, where + ".oversized");
    o.integer("length", tenant.oversized_length);
    o.boolean("multibyte", tenant.oversized_multibyte);
    o.finish();
  }
  if (auto quota = r.object("quota")) {
    FieldReader q(quota, where + ".quota");
    q.integer("graph_queries", tenant.quota.graph_queries);
    q.integer("graph_window_ms", tenant.quota.graph_window_ms, 1);
    q.integer("arm_reads_bucket", tenant.quota.arm_reads_bucket);
    q.integer("arm_reads_refill_per_second", tenant.quota.arm_reads_refill_per_second, 1);
    q.boolean("cost_qpu", tenant.quota.cost_qpu);
    q.finish();
  }
  if (auto faults = r.object("faults")) parse_faults(faults, where + ".faults", tenant.faults);
  r.finish();
  derive_tenant(seed, tenant);
  return tenant;
}

}  // namespace

const Tenant* Scenario::find_tenant(const std::string& directory_id) const {
  const auto id = lower(directory_id);
  for (const auto& tenant : tenants) {
    if (tenant.directory_id == id) return &tenant;
  }
  return nullptr;
}

const Tenant* Scenario::managed_identity_tenant() const {
  for (const auto& tenant : tenants) {
    if (tenant.managed_identity) return &tenant;
  }
  return nullptr;
}

std::shared_ptr<const Scenario> parse_scenario(const std::string& json, const std::filesystem::path& base_dir) {
  Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(json).extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw ScenarioError("scenario is not a JSON object: " + e.displayText());
  } catch (const std::exception& e) {
    throw ScenarioError(std::string("scenario is not a JSON object: ") + e.what());
  }
  auto scenario = std::make_shared<Scenario>();
  FieldReader r(root, "scenario");
  if (r.present("seed")) {
    const auto seed = root->get("seed");
    if (!seed.isNumeric()) r.fail("seed", "must be a number");
    scenario->seed = seed.convert<std::uint64_t>();
  }
  if (r.present("tenants")) {
    const auto tenants = root->getArray("tenants");
    if (!tenants) r.fail("tenants", "must be an array");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < tenants->size(); ++i) {
      const auto where = "scenario.tenants[" + std::to_string(i) + "]";
      auto object = tenants->getObject(static_cast<unsigned>(i));
      if (!object) throw ScenarioError(where + " must be an object");
      auto tenant = parse_tenant(object, where, base_dir, scenario->seed);
      if (!seen.insert(tenant.directory_id).second) throw ScenarioError(where + ": duplicate directory_id");
      scenario->tenants.push_back(std::move(tenant));
    }
  }
  r.finish();
  return scenario;
}

std::shared_ptr<const Scenario> load_scenario_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError("cannot read scenario file " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), std::filesystem::absolute(file).parent_path());
}

}  // namespace govsync::emulator
