#pragma once
// Errors as values at module boundaries. A Result holds either a value or an
// Error whose message a user can act on (what was wrong and where).

#include <chrono>
#include <string>
#include <utility>
#include <variant>

namespace autofixd {

struct Error {
  // Machine-readable reason code, e.g. "config.unknown_key", "sentry.http_status".
  std::string code;
  // Human-readable message naming what was wrong and where.
  std::string message;
  // HTTP status when the error came from an HTTP exchange, else 0.
  int http_status = 0;
  // When the callee knows how long to wait before retrying (Retry-After,
  // rate-limit reset), else zero.
  std::chrono::milliseconds retry_after{0};
  // For a request that failed in transport: the request had left this host
  // (the peer may have acted on it) rather than failing before it was sent.
  bool request_sent = false;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Error make_error(std::string code, std::string message, int http_status = 0) {
  return Error{std::move(code), std::move(message), http_status};
}

}  // namespace autofixd
