#pragma once
// What makes a page a page of its listing. A listing is what delete-unseen
// trusts: a page that lacks its list (an error object sent with a 2xx status
// is caught before, for every call), an answer in another format, a next link or skip token already followed, or
// more pages than any real listing has, is a malformed response. The run
// fails and deletes nothing, instead of taking a bogus page for "no items".

#include <cstddef>
#include <string>
#include <unordered_set>

#include <Poco/JSON/Object.h>

#include <govsync/azure.hpp>

namespace govsync::host {

/// More pages than this in one listing is taken for a loop: 100,000 pages
/// are 100 million Graph users at 999 a page, or Resource Graph rows at 1,000.
inline constexpr std::size_t kMaxListingPages = 100000;

class ListingCheck {
 public:
  /// `what` names the listing in errors (method and first URL).
  ListingCheck(govsync::AzurePaging paging, std::string what, std::size_t max_pages = kMaxListingPages);

  /// Throws AzureError (malformed_response) unless `page`, the listing's next
  /// page, has its list in the shape of the listing's paging style.
  void check_page(const Poco::JSON::Object& page);
  /// Throws AzureError (malformed_response) when `next` (a next link or a
  /// skip token) was already followed in this listing.
  void check_next(const std::string& next);

 private:
  [[noreturn]] void fail(const std::string& why) const;

  govsync::AzurePaging paging_;
  std::string what_;
  std::size_t max_pages_;
  std::size_t pages_ = 0;
  std::unordered_set<std::string> followed_;
};

}  // namespace govsync::host
