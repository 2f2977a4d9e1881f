#pragma once
// Turns the bytes of one received file or attachment into the DMARC report XML documents it
// holds: plain XML; gzip (concatenated members, trailing padding, gzip of gzip); zip (every
// .xml member, gzip members, nested archives); e-mail (.eml, message/rfc822: see
// mime_attachments.hpp). The format is decided by magic bytes first (gzip 1f 8b, zip
// "PK\3\4", XML '<', e-mail headers), then by the name's extension, then by the content type.
//
// Any failure rejects the whole input with one reason, e.g. "empty file", "not a DMARC
// report: unrecognised format", "corrupt gzip: incorrect data check", "zip contains no .xml
// file", "email has no report attachment", "attachment 'x.zip': corrupt zip: ...". Zip
// members that are neither XML nor compressed (a README, say) are passed over. The total
// number of bytes produced by decompression, over every layer, is capped (64 MiB by
// default): beyond it the input is rejected as a likely decompression bomb.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace govsync::dmarc {

/// One XML document found in an input.
struct XmlDocument {
  std::string name;      ///< the innermost file name: zip member, attachment or input name (".gz" removed)
  std::string_view xml;  ///< the document's bytes, not yet validated: the input's own when the input is the
                         ///< document (valid while the input is), else `storage`
  std::shared_ptr<const std::string> storage;  ///< the bytes unpacked from inside the input, when they are
};

/// Bounds on the work one input may cause.
struct UnpackLimits {
  std::size_t max_decompressed_bytes = std::size_t{64} << 20U;  ///< total output of all decompression
  int max_nesting = 8;  ///< layers of compression, archives and e-mail inside one another
};

/// The documents of one input, or the reason it was rejected.
struct UnpackOutcome {
  std::vector<XmlDocument> documents;  ///< in order of appearance; empty when rejected
  std::string rejection;               ///< why the input was rejected; empty on success

  /// True when the input was unpacked (documents holds at least one document).
  bool ok() const noexcept { return rejection.empty(); }
};

/// Unpacks `bytes`, received under `name` (file or attachment name, may be empty) with an
/// optional MIME `content_type`. Never throws; deterministic and thread-safe.
UnpackOutcome unpack_report(std::string_view bytes, std::string_view name, std::string_view content_type = {},
                            const UnpackLimits& limits = {});

}  // namespace govsync::dmarc
