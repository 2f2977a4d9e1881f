#include "db/sqlite_writer_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

namespace govsync::host {

SqliteWriterFile::~SqliteWriterFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SqliteWriterFile::lock() {
  std::call_once(opened_, [this] {
    if (path_.rfind(":memory:", 0) == 0 || path_.rfind("file:", 0) == 0) return;
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0660);
  });
  if (fd_ < 0) return;
  while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
  }
}

void SqliteWriterFile::unlock() {
  if (fd_ >= 0) ::flock(fd_, LOCK_UN);
}

}  // namespace govsync::host
