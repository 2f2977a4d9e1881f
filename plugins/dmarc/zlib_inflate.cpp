#define ZLIB_CONST
#include "zlib_inflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>

namespace govsync::dmarc::detail {
namespace {

// Owns an initialised z_stream and ends it however the caller leaves.
class Inflater {
 public:
  explicit Inflater(DeflateFraming framing) {
    const int window_bits = framing == DeflateFraming::kGzip ? MAX_WBITS + 16 : -MAX_WBITS;
    ready_ = inflateInit2(&stream_, window_bits) == Z_OK;
  }
  ~Inflater() {
    if (ready_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  bool ready() const noexcept { return ready_; }
  z_stream& stream() noexcept { return stream_; }

 private:
  z_stream stream_{};
  bool ready_ = false;
};

std::string zlib_error(const z_stream& stream, int code) {
  if (stream.msg != nullptr) return stream.msg;
  if (code == Z_NEED_DICT) return "needs a preset dictionary";
  if (code == Z_MEM_ERROR) return "out of memory";
  return "zlib error " + std::to_string(code);
}

InflateResult failed(std::string error, bool over_budget = false) {
  InflateResult result;
  result.error = std::move(error);
  result.over_budget = over_budget;
  return result;
}

}  // namespace

InflateResult inflate_stream(std::string_view input, DeflateFraming framing, DecompressionBudget& budget) {
  Inflater inflater(framing);
  if (!inflater.ready()) return failed("cannot initialise zlib");
  z_stream& stream = inflater.stream();
  constexpr std::size_t kMaxChunkIn = std::size_t{1} << 30U;
  std::array<unsigned char, 64 * 1024> chunk{};
  InflateResult result;
  std::size_t offered = 0;  // input bytes handed to zlib so far
  while (true) {
    if (stream.avail_in == 0 && offered < input.size()) {
      const std::size_t piece = std::min(kMaxChunkIn, input.size() - offered);
      stream.next_in = reinterpret_cast<const Bytef*>(input.data() + offered);
      stream.avail_in = static_cast<uInt>(piece);
      offered += piece;
    }
    stream.next_out = chunk.data();
    stream.avail_out = static_cast<uInt>(chunk.size());
    const int code = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = chunk.size() - stream.avail_out;
    if (!budget.take(produced)) return failed(budget.exceeded_reason(), true);
    result.bytes.append(reinterpret_cast<const char*>(chunk.data()), produced);
    if (code == Z_STREAM_END) break;
    if (code == Z_OK) continue;  // progress was made
    if (code == Z_BUF_ERROR) {   // no progress: zlib needs more input than there is
      if (stream.avail_in == 0 && offered < input.size()) continue;
      return failed("truncated data");
    }
    return failed(zlib_error(stream, code));
  }
  result.consumed = offered - stream.avail_in;
  return result;
}

}  // namespace govsync::dmarc::detail
