#include "bounded_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Base64Decoder.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace govsync::dmarc {
namespace {

std::string mib(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

std::string too_large(unsigned long long size, std::size_t limit) {
  return "too large: " + std::to_string(size) + " bytes, over the " + mib(limit) + " limit; not read";
}

// Closes a descriptor when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

BoundedInput read_bounded_file(const std::filesystem::path& file, std::size_t limit) {
  BoundedInput input;
  const Descriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    input.rejection = std::string("cannot open: ") + std::strerror(errno);
    return input;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    input.rejection = "not a regular file";
    return input;
  }
  if (static_cast<unsigned long long>(info.st_size) > limit) {
    input.rejection = too_large(static_cast<unsigned long long>(info.st_size), limit);
    return input;
  }
  input.bytes.resize(static_cast<std::size_t>(info.st_size) + 1);  // one more: a file that grew shows it
  std::size_t filled = 0;
  while (filled < input.bytes.size()) {
    const auto got = ::read(fd.get(), input.bytes.data() + filled, input.bytes.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      input.rejection = std::string("cannot read: ") + std::strerror(errno);
      input.bytes.clear();
      return input;
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  if (filled != static_cast<std::size_t>(info.st_size)) {
    input.rejection = "changed while being read (" + std::to_string(info.st_size) + " bytes, then " +
                      std::to_string(filled) + (filled > static_cast<std::size_t>(info.st_size) ? " or more" : "") +
                      "); read again next run";
    input.bytes.clear();
    return input;
  }
  input.bytes.resize(filled);
  return input;
}

BoundedInput decode_bounded_attachment(const std::string& content_bytes, long long declared_size, std::size_t limit) {
  BoundedInput input;
  // Four base64 characters carry three bytes.
  const auto decoded_at_most = content_bytes.size() / 4 * 3 + 3;
  if (declared_size > 0 && static_cast<unsigned long long>(declared_size) > limit) {
    input.rejection = too_large(static_cast<unsigned long long>(declared_size), limit);
    return input;
  }
  if (decoded_at_most > limit + 3) {
    input.rejection = too_large(decoded_at_most, limit);
    return input;
  }
  std::istringstream encoded(content_bytes);
  Poco::Base64Decoder decoder(encoded);
  std::ostringstream decoded;
  decoded << decoder.rdbuf();
  input.bytes = decoded.str();
  return input;
}

}  // namespace govsync::dmarc
