// POST /providers/Microsoft.ResourceGraph/resources
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "azure_handlers.hpp"

namespace govsync::emulator {
namespace {

struct GraphQuery {
  std::vector<std::size_t> subscriptions;  // the tenant's, in request order
  std::string top;
  std::string skip_token;
};

std::optional<GraphQuery> parse_query(const ApiCall& call) {
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(call.request.body).extract<Poco::JSON::Object::Ptr>();
  } catch (...) {
    return std::nullopt;
  }
  GraphQuery query;
  if (const auto subscriptions = root->getArray("subscriptions")) {
    for (std::size_t i = 0; i < subscriptions->size(); ++i) {
      const auto index = subscription_index(call.tenant, subscriptions->get(static_cast<unsigned>(i)).toString());
      if (index &&
          std::find(query.subscriptions.begin(), query.subscriptions.end(), *index) == query.subscriptions.end()) {
        query.subscriptions.push_back(*index);
      }
    }
  } else {
    for (std::size_t i = 0; i < call.tenant.subscription_ids.size(); ++i) query.subscriptions.push_back(i);
  }
  if (const auto options = root->getObject("options")) {
    if (options->has("$top")) query.top = options->get("$top").toString();
    if (options->has("$skipToken") && !options->isNull("$skipToken")) {
      query.skip_token = options->get("$skipToken").toString();
    }
  }
  return query;
}

}  // namespace

Response query_resource_graph(const ApiCall& call) {
  const auto query = parse_query(call);
  if (!query) return arm_error(400, "BadRequest", "The request body is not a valid Resource Graph query.");
  const auto cursor = decode_cursor(query->skip_token);
  if (!cursor) return invalid_skip_token(call);
  const auto per_subscription = resource_count(call.tenant);
  const auto total = per_subscription * query->subscriptions.size();
  const auto page = slice(total, page_size_for(call.tenant, query->top), *cursor);

  // QueryResponse {totalRecords (int64), count (int64, this page), resultTruncated (the string
  // "true" or "false"), $skipToken (only when there is more), facets, data (objectArray)}
  // (azure-rest-api-specs Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json,
  // examples/ResourcesFirstPageQuery.json).
  JsonWriter json;
  json.begin_object();
  json.field_int("totalRecords", static_cast<std::int64_t>(total));
  json.field_int("count", static_cast<std::int64_t>(page.end - page.begin));
  json.field("resultTruncated", "false");
  if (page.has_next) json.field("$skipToken", page.next_token);
  json.key("facets").begin_array().end_array();
  json.key("data").begin_array();
  for (auto i = page.begin; i < page.end; ++i) {
    write_graph_resource(json, call.ref(), query->subscriptions[i / per_subscription], i % per_subscription);
  }
  json.end_array().end_object();
  auto response = json_ok(json.take());
  apply_page_faults(response, page, call.tenant, call.base_url);
  return response;
}

}  // namespace govsync::emulator
