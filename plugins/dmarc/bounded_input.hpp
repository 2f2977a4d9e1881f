#pragma once
// Inputs read only when they fit: a report file, or a mail attachment, larger
// than the limit on decompressed output is rejected with its size before a
// byte of it is read, so no input can grow the process whatever its size.

#include <cstddef>
#include <filesystem>
#include <string>

namespace govsync::dmarc {

/// An input's bytes, or why it was not read.
struct BoundedInput {
  std::string bytes;
  std::string rejection;  // empty when read
};

/// The file's bytes when it is a regular file of at most `limit` bytes
/// (checked on the open descriptor before reading, and again while reading,
/// should it grow); else the reason, with its size.
BoundedInput read_bounded_file(const std::filesystem::path& file, std::size_t limit);

/// The decoded bytes of a Graph fileAttachment's base64 `content_bytes` when
/// its declared `size` and its text both fit `limit`; else the reason. The
/// text is checked before it is decoded.
BoundedInput decode_bounded_attachment(const std::string& content_bytes, long long declared_size, std::size_t limit);

}  // namespace govsync::dmarc
