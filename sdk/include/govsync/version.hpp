#pragma once
/// \file
/// The SDK version a plugin is built against. The host refuses a plugin whose
/// major differs from its own or whose minor is newer than its own.

#include <cstdint>

/// Bump MAJOR for any change that breaks a plugin built against the previous
/// SDK: a changed signature, a removed or reordered virtual function, a changed
/// struct layout, or a new virtual function in an interface that plugins
/// implement (SyncPlugin). Reset MINOR and PATCH to 0.
#define GOVSYNC_SDK_VERSION_MAJOR 1
/// Bump MINOR when adding something a plugin may use without breaking older
/// plugins: a new header, a new free function, or a virtual function appended
/// at the end of an interface the host implements (RunContext, TableWriter,
/// Truncator). Reset PATCH to 0.
#define GOVSYNC_SDK_VERSION_MINOR 3
/// Bump PATCH for fixes in documentation or inline code that change no
/// declaration.
#define GOVSYNC_SDK_VERSION_PATCH 0

namespace govsync {

/// The SDK version as one number: major in bits 16-31, minor in bits 8-15,
/// patch in bits 0-7.
constexpr std::uint32_t encode_sdk_version(std::uint32_t major, std::uint32_t minor, std::uint32_t patch) {
  return (major << 16U) | ((minor & 0xFFU) << 8U) | (patch & 0xFFU);
}

/// The major part of an encoded SDK version.
constexpr std::uint32_t sdk_version_major(std::uint32_t encoded) { return encoded >> 16U; }
/// The minor part of an encoded SDK version.
constexpr std::uint32_t sdk_version_minor(std::uint32_t encoded) { return (encoded >> 8U) & 0xFFU; }
/// The patch part of an encoded SDK version.
constexpr std::uint32_t sdk_version_patch(std::uint32_t encoded) { return encoded & 0xFFU; }

/// The version of the SDK headers being compiled.
constexpr std::uint32_t kSdkVersion =
    encode_sdk_version(GOVSYNC_SDK_VERSION_MAJOR, GOVSYNC_SDK_VERSION_MINOR, GOVSYNC_SDK_VERSION_PATCH);

}  // namespace govsync
