#include "azure/listing_check.hpp"

#include <Poco/JSON/Array.h>

namespace govsync::host {
namespace {

using govsync::AzurePaging;

bool is_array(const Poco::JSON::Object& object, const std::string& key) {
  return object.has(key) && !object.isNull(key) && object.isArray(key);
}

bool is_object(const Poco::JSON::Object& object, const std::string& key) {
  return object.has(key) && !object.isNull(key) && object.isObject(key);
}

// Where each paging style keeps its list:
// - ARM lists and Graph/Policy Insights collections: "value", an array
//   (https://learn.microsoft.com/graph/paging, ARM list operations);
// - Cost Management query results: "properties.rows", an array of arrays,
//   beside "properties.columns" (QueryResult,
//   https://learn.microsoft.com/rest/api/cost-management/query/usage);
// - Resource Graph: "data", an array of objects when the request asks for
//   resultFormat objectArray; in table format "data" is an object holding
//   "columns" and "rows" (QueryResponse,
//   https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources).
std::string shape_problem(const Poco::JSON::Object& page, AzurePaging paging) {
  switch (paging) {
    case AzurePaging::single_object:
      return {};
    case AzurePaging::odata_next_link:
    case AzurePaging::next_link:
      if (!is_array(page, "value")) {
        return page.has("value") ? "its \"value\" is null or not an array" : "it has no \"value\" list";
      }
      return {};
    case AzurePaging::properties_next_link: {
      if (!is_object(page, "properties")) return "it has no \"properties\" object";
      const auto properties = page.getObject("properties");
      if (!is_array(*properties, "rows")) return "its \"properties.rows\" is missing, null or not an array";
      if (!is_array(*properties, "columns")) return "its \"properties.columns\" is missing, null or not an array";
      return {};
    }
    case AzurePaging::skip_token_in_body:
      if (is_object(page, "data")) {
        return "it is in table format (\"data\" holds columns and rows); the request must ask for resultFormat "
               "objectArray";
      }
      if (!is_array(page, "data")) {
        return page.has("data") ? "its \"data\" is null or not an array" : "it has no \"data\" list";
      }
      // "When resultTruncated is true, the $skipToken property isn't set": more
      // records exist that no page will bring (a query without id, or with take/limit),
      // https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results
      if (page.has("resultTruncated") && !page.isNull("resultTruncated") &&
          page.get("resultTruncated").toString() == "true" && !page.has("$skipToken")) {
        return "its resultTruncated is true and it has no $skipToken: the rest of the results cannot be read (project "
               "id, and no take or limit, in the query)";
      }
      return {};
  }
  return {};
}

}  // namespace

ListingCheck::ListingCheck(govsync::AzurePaging paging, std::string what, std::size_t max_pages)
    : paging_(paging), what_(std::move(what)), max_pages_(max_pages) {}

void ListingCheck::fail(const std::string& why) const {
  throw govsync::AzureError(govsync::AzureErrorKind::malformed_response, 200,
                            "page " + std::to_string(pages_) + " of the listing " + what_ + " " + why +
                                "; the run keeps nothing of this listing and deletes nothing");
}

void ListingCheck::check_page(const Poco::JSON::Object& page) {
  ++pages_;
  if (pages_ > max_pages_) fail("is past " + std::to_string(max_pages_) + " pages, more than any real listing has");
  if (const auto problem = shape_problem(page, paging_); !problem.empty()) fail("is not a page of it: " + problem);
}

void ListingCheck::check_next(const std::string& next) {
  if (!followed_.insert(next).second) {
    fail("points back to a page already read (" +
         std::string(paging_ == AzurePaging::skip_token_in_body ? "the same $skipToken" : "the same next link") + ")");
  }
}

}  // namespace govsync::host
