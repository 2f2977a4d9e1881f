#pragma once
// How the benchmarks print their figures: a table for people and one JSON
// line for programs.

#include <functional>
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

/// The start of a benchmark's JSON line: {"bench": name}; add fields, then finish().
Poco::JSON::Object::Ptr summary(const std::string& bench);

/// Adds the results and whether every target was met to the summary, prints it
/// as the JSON line, and returns the exit code (0: the figures were measured).
int finish(Poco::JSON::Object& summary, Poco::JSON::Array::Ptr results, bool targets_met);

/// Runs a benchmark's body; an exception is printed with the program's name (exit 1).
int guarded(const std::string& program, const std::function<int()>& body);

/// A number with `decimals` digits after the point.
std::string fixed(double value, int decimals);

/// "met" or "MISSED".
std::string verdict(bool met);

}  // namespace govsync::bench
