#include "azure/azure_pages.hpp"

#include <sstream>
#include <system_error>

#include "azure/azure_client_impl.hpp"
#include "azure/fetch_threads.hpp"

namespace govsync::host {
namespace {

std::string text_or_empty(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return {};
  return object.get(key).convert<std::string>();
}

}  // namespace

AzurePagesImpl::AzurePagesImpl(AzureClientImpl& client, govsync::AzureApi api, govsync::AzurePaging paging,
                               std::string first_url, Poco::JSON::Object::Ptr body)
    : client_(client),
      api_(api),
      paging_(paging),
      url_(std::move(first_url)),
      body_(std::move(body)),
      check_(paging, std::string(body_ ? "POST " : "GET ") + url_) {
  if (paging_ != govsync::AzurePaging::skip_token_in_body) check_.check_next(url_);
  fetch_ahead_if_a_thread_can();
}

AzurePagesImpl::~AzurePagesImpl() {
  // The fetch uses this listing's client: wait for it, but tell it first that
  // its page is not wanted, so that it does not wait out a Retry-After.
  abandoned_ = true;
  if (ahead_.valid()) ahead_.wait();
}

std::string AzurePagesImpl::body_text() const {
  if (!body_) return {};
  std::ostringstream text;
  body_->stringify(text);
  return text.str();
}

void AzurePagesImpl::fetch_ahead() {
  ahead_ = FetchThreads::shared().run(
      [this, method = std::string(body_ ? "POST" : "GET"), url = url_, body_text = body_text()] {
        return client_.call(api_, method, url, body_text, &abandoned_);
      });
}

void AzurePagesImpl::fetch_ahead_if_a_thread_can() {
  try {
    fetch_ahead();
  } catch (const std::system_error&) {  // NOLINT(bugprone-empty-catch): ahead_ stays empty; next() fetches here
  }
}

Poco::JSON::Object::Ptr AzurePagesImpl::fetch_here() {
  return client_.call(api_, body_ ? "POST" : "GET", url_, body_text(), &abandoned_);
}

std::string AzurePagesImpl::next_url(const Poco::JSON::Object& page) {
  switch (paging_) {
    case govsync::AzurePaging::single_object:
      return {};
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
      check_.check_next(token);
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
  if (refused_) std::rethrow_exception(refused_);
  if (done_) return nullptr;
  if (!ahead_.valid()) fetch_ahead_if_a_thread_can();        // the last fetch failed, or no thread could take it
  auto page = ahead_.valid() ? ahead_.get() : fetch_here();  // throws the fetch's AzureError
  ++pages_;
  if (!page) {
    // 204 No Content: a first request's means a listing without pages; a later one's is no page of it.
    if (pages_ == 1) {
      done_ = true;
      return nullptr;
    }
    refused_ = std::make_exception_ptr(govsync::AzureError(govsync::AzureErrorKind::malformed_response, 204,
                                                           url_ + " answered 204 No Content for a next page"));
    std::rethrow_exception(refused_);
  }
  // A page that is not a page of this listing ends it with an error, for good:
  // a plugin that catches it and asks again must not take it for the end of
  // the listing and delete what it did not see.
  try {
    check_.check_page(*page);
    const auto next = next_url(*page);
    done_ = next.empty();
    if (done_) return page;
    url_ = client_.url_for(api_, next);
    if (paging_ != govsync::AzurePaging::skip_token_in_body) check_.check_next(url_);
  } catch (...) {
    refused_ = std::current_exception();
    throw;
  }
  fetch_ahead_if_a_thread_can();
  return page;
}

}  // namespace govsync::host
