#include "paging.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

namespace govsync::emulator {

std::string base64_url(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::string base64_standard(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::string base64_url_decode(const std::string& text) {
  try {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::ostringstream out;
    out << decoder.rdbuf();
    return out.str();
  } catch (...) {
    return {};
  }
}

std::string encode_cursor(const PageCursor& cursor) {
  return base64_url("govsync-emulator:" + std::to_string(cursor.offset) + ":" + std::to_string(cursor.page));
}

std::optional<PageCursor> decode_cursor(const std::string& token) {
  if (token.empty()) return PageCursor{};
  const std::string text = base64_url_decode(token);
  static const std::string kPrefix = "govsync-emulator:";
  if (text.rfind(kPrefix, 0) != 0) return std::nullopt;
  const auto colon = text.find(':', kPrefix.size());
  if (colon == std::string::npos) return std::nullopt;
  PageCursor cursor;
  const char* first = text.data() + kPrefix.size();
  const auto offset = std::from_chars(first, text.data() + colon, cursor.offset);
  const auto page = std::from_chars(text.data() + colon + 1, text.data() + text.size(), cursor.page);
  if (offset.ec != std::errc() || page.ec != std::errc() || cursor.page == 0) return std::nullopt;
  return cursor;
}

Page slice(std::size_t total, std::size_t page_size, const PageCursor& cursor) {
  Page page;
  page.number = cursor.page;
  page.begin = std::min(cursor.offset, total);
  page.end = std::min(total, page.begin + std::max<std::size_t>(page_size, 1));
  page.has_next = page.end < total;
  if (page.has_next) page.next_token = encode_cursor({page.end, cursor.page + 1});
  return page;
}

std::size_t page_size_for(const Tenant& tenant, const std::string& top) {
  auto size = static_cast<std::size_t>(std::max(tenant.page_size, 1));
  std::size_t requested = 0;
  const auto result = std::from_chars(top.data(), top.data() + top.size(), requested);
  if (result.ec == std::errc() && requested > 0) size = std::min(size, requested);
  return size;
}

namespace {
bool is_skip_token_name(const std::string& raw_name) {
  std::string name = percent_decode(raw_name, true);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name == "$skiptoken" || name == "skiptoken";
}

std::string encode_path(const std::string& path) {
  std::string out;
  std::size_t start = 0;
  while (start < path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out += percent_encode(path.substr(start, slash - start));
    if (slash < path.size()) out += '/';
    start = slash + 1;
  }
  return out;
}
}  // namespace

// The link to the next page: the request's URL with a $skiptoken, as Graph's @odata.nextLink
// (https://learn.microsoft.com/graph/paging), ARM's nextLink (x-ms-pageable nextLinkName in each
// azure-rest-api-specs operation), Policy Insights' @odata.nextLink and Cost Management's
// properties.nextLink carry it. Resource Graph pages by $skipToken in the body instead.
std::string next_link(const std::string& base_url, const Request& request, const std::string& token_param,
                      const std::string& token) {
  std::string query;
  std::size_t start = 0;
  const auto& raw = request.raw_query;
  while (start < raw.size()) {
    auto end = raw.find('&', start);
    if (end == std::string::npos) end = raw.size();
    const auto pair = raw.substr(start, end - start);
    if (!pair.empty() && !is_skip_token_name(pair.substr(0, pair.find('=')))) {
      query += pair;
      query += '&';
    }
    start = end + 1;
  }
  query += token_param + "=" + percent_encode(token);
  return base_url + encode_path(request.path) + "?" + query;
}

void apply_page_faults(Response& response, const Page& page, const Tenant& tenant, const std::string& base_url) {
  const auto& faults = tenant.faults;
  if (faults.bogus_page > 0 && page.number == static_cast<std::size_t>(faults.bogus_page)) {
    response.body = faults.bogus_body;
    for (auto at = response.body.find("{base}"); at != std::string::npos; at = response.body.find("{base}", at)) {
      response.body.replace(at, 6, base_url);
      at += base_url.size();
    }
  }
  if (faults.malformed_page > 0 && page.number == static_cast<std::size_t>(faults.malformed_page)) {
    response.body = response.body.substr(0, response.body.size() / 2) + "\"truncat";
  }
}

}  // namespace govsync::emulator
