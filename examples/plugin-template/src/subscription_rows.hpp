#pragma once
// Turns one page of the ARM subscriptions list into rows of example_subscriptions.

#include <govsync/writer.hpp>

#include <Poco/JSON/Object.h>

#include <vector>

namespace example {

/// The rows for the subscriptions on one page; Disabled and Deleted ones
/// only when include_disabled is set.
std::vector<govsync::Row> subscription_rows(const Poco::JSON::Object& page, bool include_disabled);

}  // namespace example
