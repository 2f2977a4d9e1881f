#define ZLIB_CONST
#include "zip_archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <optional>

#include "zlib_inflate.hpp"

namespace govsync::dmarc::detail {
namespace {

constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50U;
constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50U;
constexpr std::uint32_t kEndOfDirectorySignature = 0x06054b50U;
constexpr std::size_t kEndOfDirectorySize = 22;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kMaxCommentSize = 0xFFFF;
constexpr std::uint16_t kMethodStored = 0;
constexpr std::uint16_t kMethodDeflated = 8;

// Little-endian reads that fail instead of running past the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) noexcept : bytes_(bytes) {}

  std::optional<std::uint16_t> u16(std::size_t offset) const noexcept {
    if (offset > bytes_.size() || bytes_.size() - offset < 2) return std::nullopt;
    return static_cast<std::uint16_t>(byte(offset) | (byte(offset + 1) << 8U));
  }
  std::optional<std::uint32_t> u32(std::size_t offset) const noexcept {
    if (offset > bytes_.size() || bytes_.size() - offset < 4) return std::nullopt;
    return byte(offset) | (byte(offset + 1) << 8U) | (byte(offset + 2) << 16U) | (byte(offset + 3) << 24U);
  }
  std::optional<std::string_view> span(std::size_t offset, std::size_t length) const noexcept {
    if (offset > bytes_.size() || bytes_.size() - offset < length) return std::nullopt;
    return bytes_.substr(offset, length);
  }

 private:
  std::uint32_t byte(std::size_t offset) const noexcept { return static_cast<unsigned char>(bytes_[offset]); }
  std::string_view bytes_;
};

// What the central directory says about one member.
struct CentralEntry {
  std::string name;
  std::uint16_t flags = 0;
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint32_t compressed_size = 0;
  std::uint32_t uncompressed_size = 0;
  std::uint32_t local_header_offset = 0;
};

struct Directory {
  std::vector<CentralEntry> entries;
  std::string error;
};

ZipContents zip_failure(std::string error) { return ZipContents{{}, std::move(error)}; }

std::optional<std::size_t> find_end_of_directory(const ByteReader& reader, std::size_t size) {
  if (size < kEndOfDirectorySize) return std::nullopt;
  const std::size_t last = size - kEndOfDirectorySize;
  const std::size_t first = last > kMaxCommentSize ? last - kMaxCommentSize : 0;
  for (std::size_t offset = last + 1; offset-- > first;) {
    if (reader.u32(offset) == kEndOfDirectorySignature) return offset;
  }
  return std::nullopt;
}

Directory read_directory(std::string_view archive) {
  const ByteReader reader(archive);
  const auto end = find_end_of_directory(reader, archive.size());
  if (!end) return {{}, "corrupt zip: end of central directory not found"};
  const auto disk = reader.u16(*end + 4);
  const auto directory_disk = reader.u16(*end + 6);
  const auto entry_count = reader.u16(*end + 10);
  const auto directory_size = reader.u32(*end + 12);
  const auto directory_offset = reader.u32(*end + 16);
  if (!disk || !directory_disk || !entry_count || !directory_size || !directory_offset) {
    return {{}, "corrupt zip: truncated end of central directory"};
  }
  if (*disk != 0 || *directory_disk != 0) return {{}, "multi-disk zip archives are not supported"};
  if (*entry_count == 0xFFFF || *directory_offset == 0xFFFFFFFFU) return {{}, "zip64 archives are not supported"};
  if (std::size_t{*directory_offset} + *directory_size > *end) {
    return {{}, "corrupt zip: central directory lies outside the archive"};
  }
  Directory directory;
  std::size_t offset = *directory_offset;
  for (std::size_t index = 0; index < *entry_count; ++index) {
    if (reader.u32(offset) != kCentralHeaderSignature) return {{}, "corrupt zip: bad central directory entry"};
    const auto name_length = reader.u16(offset + 28);
    const auto extra_length = reader.u16(offset + 30);
    const auto comment_length = reader.u16(offset + 32);
    const auto name = reader.span(offset + kCentralHeaderSize, name_length.value_or(0));
    if (!name_length || !extra_length || !comment_length || !name) {
      return {{}, "corrupt zip: truncated central directory entry"};
    }
    CentralEntry entry;
    entry.name = std::string(*name);
    entry.flags = reader.u16(offset + 8).value_or(0);
    entry.method = reader.u16(offset + 10).value_or(0);
    entry.crc = reader.u32(offset + 16).value_or(0);
    entry.compressed_size = reader.u32(offset + 20).value_or(0);
    entry.uncompressed_size = reader.u32(offset + 24).value_or(0);
    entry.local_header_offset = reader.u32(offset + 42).value_or(0);
    directory.entries.push_back(std::move(entry));
    offset += kCentralHeaderSize + *name_length + *extra_length + *comment_length;
  }
  return directory;
}

// The compressed bytes of `entry`, located through its local header.
std::optional<std::string_view> member_data(std::string_view archive, const CentralEntry& entry) {
  const ByteReader reader(archive);
  const std::size_t header = entry.local_header_offset;
  if (reader.u32(header) != kLocalHeaderSignature) return std::nullopt;
  const auto name_length = reader.u16(header + 26);
  const auto extra_length = reader.u16(header + 28);
  if (!name_length || !extra_length) return std::nullopt;
  return reader.span(header + kLocalHeaderSize + *name_length + *extra_length, entry.compressed_size);
}

// Decompresses one member; returns a rejection reason or empty.
std::string extract(std::string_view archive, const CentralEntry& entry, DecompressionBudget& budget,
                    std::string& content) {
  const std::string label = "member '" + entry.name + "'";
  if ((entry.flags & 1U) != 0) return label + " is encrypted";
  if (entry.compressed_size == 0xFFFFFFFFU || entry.uncompressed_size == 0xFFFFFFFFU) {
    return "zip64 archives are not supported";
  }
  if (!budget.allows(entry.uncompressed_size)) return budget.exceeded_reason();
  const auto data = member_data(archive, entry);
  if (!data) return "corrupt zip: " + label + " lies outside the archive";
  if (entry.method == kMethodStored) {
    if (!budget.take(data->size())) return budget.exceeded_reason();
    content = std::string(*data);
  } else if (entry.method == kMethodDeflated) {
    InflateResult inflated = inflate_stream(*data, DeflateFraming::kRaw, budget);
    if (inflated.over_budget) return inflated.error;
    if (!inflated.error.empty()) return "corrupt zip: " + label + ": " + inflated.error;
    content = std::move(inflated.bytes);
  } else {
    return label + " uses unsupported compression method " + std::to_string(entry.method);
  }
  if (content.size() != entry.uncompressed_size) return "corrupt zip: " + label + " has the wrong size";
  const auto crc =
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size()));
  if (crc != entry.crc) return "corrupt zip: " + label + " fails its CRC-32 check";
  return {};
}

}  // namespace

bool has_zip_magic(std::string_view bytes) noexcept {
  const ByteReader reader(bytes);
  const auto signature = reader.u32(0);
  return signature == kLocalHeaderSignature || signature == kEndOfDirectorySignature;
}

ZipContents read_zip(std::string_view archive, DecompressionBudget& budget) {
  Directory directory = read_directory(archive);
  if (!directory.error.empty()) return zip_failure(std::move(directory.error));
  ZipContents contents;
  for (const CentralEntry& entry : directory.entries) {
    if (entry.name.ends_with('/')) continue;  // a directory
    std::string content;
    if (std::string error = extract(archive, entry, budget, content); !error.empty()) {
      return zip_failure(std::move(error));
    }
    contents.members.push_back(ZipMember{entry.name, std::move(content)});
  }
  return contents;
}

}  // namespace govsync::dmarc::detail
