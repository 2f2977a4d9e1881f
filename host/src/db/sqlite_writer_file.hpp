#pragma once
// SQLite's one writer across processes: an advisory lock on a file beside the
// database. Worker processes that want to write queue on it in the kernel
// (the holder's unlock, or its death, wakes the next at once) instead of
// polling SQLite's busy handler, whose sleeps leave the database idle.

#include <mutex>
#include <string>

namespace govsync::host {

class SqliteWriterFile {
 public:
  /// The lock file is `database_path` + "-writer"; nothing is locked for an
  /// in-memory database or when the file cannot be opened (SQLite's own
  /// locking and busy timeout then order the writers, as they always do).
  explicit SqliteWriterFile(std::string database_path) : path_(std::move(database_path) + "-writer") {}
  ~SqliteWriterFile();
  SqliteWriterFile(const SqliteWriterFile&) = delete;
  SqliteWriterFile& operator=(const SqliteWriterFile&) = delete;

  /// Waits for the lock. Call with the process's own writer mutex held: one thread of a process at a time.
  /// The wait is bounded by the holder: a worker is killed at its run's timeout, and the lock dies with it.
  void lock();
  void unlock();

 private:
  std::string path_;
  std::once_flag opened_;
  int fd_ = -1;
};

}  // namespace govsync::host
