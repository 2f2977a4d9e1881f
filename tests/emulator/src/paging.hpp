#pragma once
// Paging shared by every listing: opaque skip tokens that carry the next
// offset and page number, next links that keep the caller's query, and the
// malformed-page and bogus-page faults.

#include <cstddef>
#include <optional>
#include <string>

#include "http_types.hpp"
#include "scenario.hpp"

namespace govsync::emulator {

struct PageCursor {
  std::size_t offset = 0;
  std::size_t page = 1;  // 1-based
};

std::string encode_cursor(const PageCursor& cursor);
/// An empty token is the first page; nothing for a token this emulator did not issue.
std::optional<PageCursor> decode_cursor(const std::string& token);

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t number = 1;
  bool has_next = false;
  std::string next_token;  // set when has_next
};

Page slice(std::size_t total, std::size_t page_size, const PageCursor& cursor);

/// Page size: the tenant's, lowered by a positive $top-style request value.
std::size_t page_size_for(const Tenant& tenant, const std::string& top);

/// `base_url` + the request path + its query with any skip token replaced by
/// `token_param`=`token`.
std::string next_link(const std::string& base_url, const Request& request, const std::string& token_param,
                      const std::string& token);

/// Cuts the body to invalid JSON when this page is the tenant's malformed page;
/// replaces it with the tenant's bogus body when it is the bogus page.
void apply_page_faults(Response& response, const Page& page, const Tenant& tenant, const std::string& base_url);

/// Base64 with the URL alphabet and no padding.
std::string base64_url(const std::string& bytes);
std::string base64_standard(const std::string& bytes);
std::string base64_url_decode(const std::string& text);

}  // namespace govsync::emulator
