#define ZLIB_CONST
#include "compression_fixtures.hpp"

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <sstream>

namespace govsync::dmarc::testing {

std::string gzip(std::string_view bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    ADD_FAILURE() << "deflateInit2 failed";
    return {};
  }
  stream.next_in = reinterpret_cast<const Bytef*>(bytes.data());
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string compressed;
  std::array<unsigned char, 64 * 1024> chunk{};
  int code = Z_OK;
  do {
    stream.next_out = chunk.data();
    stream.avail_out = static_cast<uInt>(chunk.size());
    code = deflate(&stream, Z_FINISH);
    compressed.append(reinterpret_cast<const char*>(chunk.data()), chunk.size() - stream.avail_out);
  } while (code == Z_OK);
  deflateEnd(&stream);
  EXPECT_EQ(code, Z_STREAM_END);
  return compressed;
}

std::string zip(const std::vector<std::pair<std::string, std::string>>& members) {
  std::ostringstream archive(std::ios::binary);
  Poco::Zip::Compress compress(archive, true);
  for (const auto& [name, content] : members) {
    std::istringstream input(content, std::ios::binary);
    compress.addFile(input, Poco::DateTime(2024, 1, 1), Poco::Path(name, Poco::Path::PATH_UNIX),
                     Poco::Zip::ZipCommon::CM_DEFLATE, Poco::Zip::ZipCommon::CL_NORMAL);
  }
  compress.close();
  return archive.str();
}

}  // namespace govsync::dmarc::testing
