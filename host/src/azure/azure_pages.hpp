#pragma once
// A listing's pages in the listing's paging style, fetched one ahead: the
// first page is asked for when the listing starts, and each page after it
// while the plugin works through the one before. A run's API latency then
// overlaps its database writes, and listings a plugin starts together are
// fetched together.

#include <atomic>
#include <exception>
#include <future>

#include <govsync/azure.hpp>

#include "azure/listing_check.hpp"

namespace govsync::host {

class AzureClientImpl;

class AzurePagesImpl final : public govsync::AzurePages {
 public:
  AzurePagesImpl(AzureClientImpl& client, govsync::AzureApi api, govsync::AzurePaging paging, std::string first_url,
                 Poco::JSON::Object::Ptr body);
  ~AzurePagesImpl() override;
  AzurePagesImpl(const AzurePagesImpl&) = delete;
  AzurePagesImpl& operator=(const AzurePagesImpl&) = delete;
  Poco::JSON::Object::Ptr next() override;
  std::size_t pages_read() const override { return pages_; }

 private:
  /// Starts fetching the page at url_ (with body_) in the background; std::system_error when no thread can.
  void fetch_ahead();
  /// fetch_ahead(), or nothing when no thread can take the fetch (next() then fetches on its own thread).
  void fetch_ahead_if_a_thread_can();
  /// Fetches the page at url_ on this thread.
  Poco::JSON::Object::Ptr fetch_here();
  std::string body_text() const;
  /// Where the page after `page` is, per the paging style (empty: none).
  std::string next_url(const Poco::JSON::Object& page);

  AzureClientImpl& client_;
  govsync::AzureApi api_;
  govsync::AzurePaging paging_;
  std::string url_;
  Poco::JSON::Object::Ptr body_;
  std::future<Poco::JSON::Object::Ptr> ahead_;  // the page at url_, on its way
  std::atomic<bool> abandoned_{false};          // set when nobody will read ahead_
  ListingCheck check_;
  std::size_t pages_ = 0;
  bool done_ = false;
  std::exception_ptr refused_;  // why the listing ended with an error (a page that is not one of its pages)
};

}  // namespace govsync::host
