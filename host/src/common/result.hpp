#pragma once
// Expected failures inside the host are values: Result<T> holds a T or an Error.

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace govsync::host {

/// A failure that says what failed, where, and what to do.
struct Error {
  std::string message;
};

/// A value or the Error explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() {
    if (!ok()) throw std::logic_error("Result::value() on an error: " + error().message);
    return std::get<T>(state_);
  }
  const T& value() const {
    if (!ok()) throw std::logic_error("Result::value() on an error: " + error().message);
    return std::get<T>(state_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

/// Success, or the Error explaining the failure.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace govsync::host
