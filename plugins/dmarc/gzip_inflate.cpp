#include "gzip_inflate.hpp"

#include <algorithm>

#include "zlib_inflate.hpp"

namespace govsync::dmarc::detail {
namespace {

bool is_padding(char c) noexcept { return c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

GunzipResult gunzip_failure(std::string error) { return GunzipResult{{}, std::move(error)}; }

}  // namespace

bool has_gzip_magic(std::string_view bytes) noexcept {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1FU &&
         static_cast<unsigned char>(bytes[1]) == 0x8BU;
}

GunzipResult gunzip(std::string_view input, DecompressionBudget& budget) {
  if (!has_gzip_magic(input)) return gunzip_failure("corrupt gzip: no gzip header");
  GunzipResult result;
  std::string_view rest = input;
  while (has_gzip_magic(rest)) {
    InflateResult member = inflate_stream(rest, DeflateFraming::kGzip, budget);
    if (member.over_budget) return gunzip_failure(std::move(member.error));
    if (!member.error.empty()) return gunzip_failure("corrupt gzip: " + member.error);
    result.bytes += member.bytes;
    rest.remove_prefix(member.consumed);
  }
  if (!std::all_of(rest.begin(), rest.end(), is_padding)) {
    return gunzip_failure("corrupt gzip: " + std::to_string(rest.size()) +
                          " unexpected bytes after the compressed data");
  }
  return result;
}

}  // namespace govsync::dmarc::detail
