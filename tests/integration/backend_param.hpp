#pragma once
// Runs a test suite once on SQLite and once on PostgreSQL.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace govsync::test {

class OnEachBackend : public ::testing::TestWithParam<Backend> {};

inline std::string backend_label(const ::testing::TestParamInfo<Backend>& param_info) {
  return backend_name(param_info.param);
}

#define GOVSYNC_ON_EACH_BACKEND(Suite)                                                               \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values(Backend::sqlite, Backend::postgresql), \
                           ::govsync::test::backend_label)

}  // namespace govsync::test
