#include "azure/azure_pages.hpp"

#include <sstream>

#include "azure/azure_client_impl.hpp"

namespace govsync::host {
namespace {

std::string text_or_empty(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return {};
  return object.get(key).convert<std::string>();
}

}  // namespace

AzurePagesImpl::AzurePagesImpl(AzureClientImpl& client, govsync::AzureApi api, govsync::AzurePaging paging,
                               std::string first_url, Poco::JSON::Object::Ptr body)
    : client_(client), api_(api), paging_(paging), url_(std::move(first_url)), body_(std::move(body)) {}

std::string AzurePagesImpl::next_url(const Poco::JSON::Object& page) {
  switch (paging_) {
    case govsync::AzurePaging::odata_next_link:
      return text_or_empty(page, "@odata.nextLink");
    case govsync::AzurePaging::next_link:
      return text_or_empty(page, "nextLink");
    case govsync::AzurePaging::properties_next_link: {
      const auto properties = page.getObject("properties");
      return properties ? text_or_empty(*properties, "nextLink") : std::string();
    }
    case govsync::AzurePaging::skip_token_in_body: {
      const auto token = text_or_empty(page, "$skipToken");
      if (token.empty()) return {};
      // The same request again, with the token in the body's options.
      Poco::JSON::Object::Ptr body(body_ ? new Poco::JSON::Object(*body_) : new Poco::JSON::Object);
      const auto previous = body->getObject("options");
      Poco::JSON::Object::Ptr options(previous ? new Poco::JSON::Object(*previous) : new Poco::JSON::Object);
      options->set("$skipToken", token);
      body->set("options", options);
      body_ = body;
      return url_;
    }
  }
  return {};
}

Poco::JSON::Object::Ptr AzurePagesImpl::next() {
  if (done_) return nullptr;
  std::string body_text;
  if (body_) {
    std::ostringstream text;
    body_->stringify(text);
    body_text = text.str();
  }
  auto page = client_.call(api_, body_ ? "POST" : "GET", url_, body_text);
  ++pages_;
  const auto next = next_url(*page);
  if (next.empty()) {
    done_ = true;
  } else {
    url_ = client_.url_for(api_, next);
  }
  return page;
}

}  // namespace govsync::host
