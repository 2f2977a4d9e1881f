#pragma once
// How the benchmarks print their figures: a table for people and one JSON
// line for programs.

#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace govsync::bench {

/// Prints a titled table with right-aligned columns.
void print_table(const std::string& title, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows);

/// Prints the object as one line of JSON.
void print_json_line(const Poco::JSON::Object& object);

/// A JSON object that keeps its keys in insertion order.
Poco::JSON::Object::Ptr ordered_object();

/// A number with `decimals` digits after the point.
std::string fixed(double value, int decimals);

/// "met" or "MISSED".
std::string verdict(bool met);

}  // namespace govsync::bench
