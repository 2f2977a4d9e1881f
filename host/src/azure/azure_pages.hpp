#pragma once
// A listing's pages, fetched one at a time, in the listing's paging style.

#include <govsync/azure.hpp>

namespace govsync::host {

class AzureClientImpl;

class AzurePagesImpl final : public govsync::AzurePages {
 public:
  AzurePagesImpl(AzureClientImpl& client, govsync::AzureApi api, govsync::AzurePaging paging, std::string first_url,
                 Poco::JSON::Object::Ptr body);
  Poco::JSON::Object::Ptr next() override;
  std::size_t pages_read() const override { return pages_; }

 private:
  /// Where the page after `page` is, per the paging style (empty: none).
  std::string next_url(const Poco::JSON::Object& page);

  AzureClientImpl& client_;
  govsync::AzureApi api_;
  govsync::AzurePaging paging_;
  std::string url_;
  Poco::JSON::Object::Ptr body_;
  std::size_t pages_ = 0;
  bool done_ = false;
};

}  // namespace govsync::host
