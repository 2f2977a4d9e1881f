# govsync_sdk_version_from_header(<version.hpp> <out-var>)
#
# Reads GOVSYNC_SDK_VERSION_MAJOR/MINOR/PATCH from the SDK's version.hpp, the
# one place the SDK version is written, and sets <out-var> to "MAJOR.MINOR.PATCH".
function(govsync_sdk_version_from_header header out_var)
  file(READ "${header}" text)
  set(parts "")
  foreach(part MAJOR MINOR PATCH)
    if(NOT text MATCHES "#define GOVSYNC_SDK_VERSION_${part} ([0-9]+)")
      message(FATAL_ERROR "${header}: no '#define GOVSYNC_SDK_VERSION_${part} <number>'")
    endif()
    list(APPEND parts ${CMAKE_MATCH_1})
  endforeach()
  list(JOIN parts "." version)
  set(${out_var} "${version}" PARENT_SCOPE)
endfunction()
