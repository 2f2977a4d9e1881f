// Inputs larger than the limit are rejected with their size before they are read.
#include "bounded_input.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace govsync::dmarc {
namespace {

constexpr std::size_t kLimit = std::size_t{64} << 20;

class BoundedInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("govsync-bounded-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // A file of `size` bytes that takes no disk space (a hole).
  std::filesystem::path sparse_file(const std::string& name, off_t size) {
    const auto file = dir_ / name;
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::ftruncate(fd, size), 0);
    ::close(fd);
    return file;
  }
  std::filesystem::path dir_;
};

TEST_F(BoundedInputTest, AFileOverTheLimitIsRejectedWithItsSizeUnread) {
  const auto input = read_bounded_file(sparse_file("huge.xml", 200LL << 20), kLimit);
  EXPECT_TRUE(input.bytes.empty());
  EXPECT_EQ(input.rejection, "too large: 209715200 bytes, over the 64 MiB limit; not read");
}

TEST_F(BoundedInputTest, AFileAtTheLimitOrSmallerIsReadWhole) {
  EXPECT_EQ(read_bounded_file(sparse_file("at-limit.xml", static_cast<off_t>(kLimit)), kLimit).bytes.size(), kLimit);
  std::ofstream(dir_ / "small.xml") << "<feedback/>";
  const auto small = read_bounded_file(dir_ / "small.xml", kLimit);
  EXPECT_TRUE(small.rejection.empty());
  EXPECT_EQ(small.bytes, "<feedback/>");
  EXPECT_NE(read_bounded_file(dir_, kLimit).rejection, "") << "a folder is no report file";
}

TEST(BoundedAttachment, ADeclaredOrEncodedSizeOverTheLimitIsRejectedBeforeDecoding) {
  EXPECT_EQ(decode_bounded_attachment("PGZlZWRiYWNrLz4=", 200LL << 20, kLimit).rejection,
            "too large: 209715200 bytes, over the 64 MiB limit; not read");
  // A size that lies: the text itself is over the limit.
  const std::string encoded((kLimit / 3 + 8) * 4, 'A');
  EXPECT_NE(decode_bounded_attachment(encoded, 100, kLimit).rejection.find("too large"), std::string::npos);
  const auto small = decode_bounded_attachment("PGZlZWRiYWNrLz4=", 11, kLimit);
  EXPECT_TRUE(small.rejection.empty());
  EXPECT_EQ(small.bytes, "<feedback/>");
}

}  // namespace
}  // namespace govsync::dmarc
