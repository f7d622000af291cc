#include "intake/json_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "intake/json_string.hpp"

namespace autofixd::intake {
namespace {

using Json = nlohmann::json;

// Reads one document iteratively: the only stack is `open_`, one entry per
// open container, and the builder refuses to open more than kMaxJsonDepth.
class Reader {
 public:
  Reader(std::string_view text, StrictBuilder& out) : text_(text), out_(out) {}

  bool document() {
    if (!skip_byte_order_mark()) return false;
    bool want_value = true;  // false: a value just ended
    while (true) {
      if (want_value) {
        skip_whitespace();
        const Next next = value();
        if (next == Next::stop) return false;
        if (next == Next::value) continue;  // a container opened: its first element
      }
      want_value = false;
      if (open_.empty()) break;
      skip_whitespace();
      const char c = peek();
      const bool in_array = open_.back() == Container::array;
      if (c == ',') {
        ++pos_;
        want_value = true;
        if (!in_array && !member_name()) return false;
      } else if (c == (in_array ? ']' : '}')) {
        ++pos_;
        open_.pop_back();
        if (!(in_array ? out_.end_array() : out_.end_object())) return false;
      } else {
        return unexpected(in_array ? "expected ',' or ']'" : "expected ',' or '}'");
      }
    }
    skip_whitespace();
    if (!at_end()) return unexpected("expected the end of the body after the document");
    return true;
  }

 private:
  enum class Container : char { array, object };
  // After value(): stop (error), value (a container opened, read its first
  // element), done (a value is complete).
  enum class Next { stop, value, done };

  // '\0' past the end: no token starts with it, so a switch on it fails.
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  // Every byte counts: nlohmann takes a NUL outside a string for the end of
  // the input and ignores what follows; the body is refused here instead
  // (one document and nothing after it; the fuzz target knows this one
  // difference).
  bool at_end() const { return pos_ >= text_.size(); }

  void skip_whitespace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
      ++pos_;
    }
  }

  bool skip_byte_order_mark() {
    if (text_.empty() || text_[0] != '\xEF') return true;
    if (text_.size() >= 3 && text_[1] == '\xBB' && text_[2] == '\xBF') {
      pos_ = 3;
      return true;
    }
    pos_ = text_.size() >= 2 && text_[1] == '\xBB' ? 2 : 1;
    return error(pos_, "invalid byte order mark (must be 0xEF 0xBB 0xBF)");
  }

  bool error(std::size_t offset, std::string_view reason) {
    out_.syntax_error(offset, reason);
    return false;
  }

  bool unexpected(std::string_view expected) {
    if (pos_ >= text_.size())
      return error(pos_, "unexpected end of body; " + std::string(expected));
    const auto c = static_cast<unsigned char>(text_[pos_]);
    return error(pos_, (c == 0 ? std::string("unexpected NUL byte; ")
                               : "unexpected " + describe_byte(c) + "; ") +
                           std::string(expected));
  }

  Next value() {
    switch (peek()) {
      case '{':
        ++pos_;
        if (!out_.start_object(std::size_t(-1))) return Next::stop;
        open_.push_back(Container::object);
        skip_whitespace();
        if (peek() == '}') {
          ++pos_;
          open_.pop_back();
          return out_.end_object() ? Next::done : Next::stop;
        }
        return member_name() ? Next::value : Next::stop;
      case '[':
        ++pos_;
        if (!out_.start_array(std::size_t(-1))) return Next::stop;
        open_.push_back(Container::array);
        skip_whitespace();
        if (peek() == ']') {
          ++pos_;
          open_.pop_back();
          return out_.end_array() ? Next::done : Next::stop;
        }
        return Next::value;
      case '"':
        // The builder takes the buffer's bytes when it keeps the string;
        // otherwise they are overwritten by the next one.
        buffer_.clear();
        if (!string(buffer_)) return Next::stop;
        return out_.string(buffer_) ? Next::done : Next::stop;
      case 't':
        return literal("true") && out_.boolean(true) ? Next::done : Next::stop;
      case 'f':
        return literal("false") && out_.boolean(false) ? Next::done : Next::stop;
      case 'n':
        return literal("null") && out_.null() ? Next::done : Next::stop;
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        return number() ? Next::done : Next::stop;
      default:
        unexpected("expected a value");
        return Next::stop;
    }
  }

  // An object member's name and the colon after it; its value comes next.
  bool member_name() {
    skip_whitespace();
    if (peek() != '"') return unexpected("expected a member name in double quotes");
    buffer_.clear();
    if (!string(buffer_) || !out_.key(buffer_)) return false;
    skip_whitespace();
    if (peek() != ':') return unexpected("expected ':' after a member name");
    ++pos_;
    return true;
  }

  bool string(Json::string_t& value) {
    const JsonStringEnd end = read_json_string(text_, pos_, value);
    if (end.error) return error(end.error->offset, end.error->reason);
    pos_ = end.next;
    return true;
  }

  bool literal(std::string_view word) {
    for (std::size_t k = 0; k < word.size(); ++k, ++pos_) {
      if (peek() != word[k]) {
        return unexpected("expected the literal " + std::string(word));
      }
    }
    return true;
  }

  bool digits() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number() {
    const std::size_t start = pos_;
    const bool negative = peek() == '-';
    if (negative) ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (!digits()) {
      return unexpected("expected a digit after '-'");
    }
    bool integral = true;
    if (peek() == '.') {
      ++pos_;
      integral = false;
      if (!digits()) return unexpected("expected a digit after the decimal point");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      integral = false;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digits()) return unexpected("expected a digit in the exponent");
    }
    const std::string_view token = text_.substr(start, pos_ - start);
    if (integral) {
      if (const std::optional<bool> emitted = integer(token, negative)) return *emitted;
    }
    return floating(token, start);
  }

  // Emits `token` as a 64-bit integer and returns the builder's answer, or
  // nothing when it does not fit (it is then a double, as in nlohmann).
  std::optional<bool> integer(std::string_view token, bool negative) {
    std::uint64_t magnitude = 0;
    for (const char c : token.substr(negative ? 1 : 0)) {
      const auto digit = static_cast<std::uint64_t>(c - '0');
      if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
      magnitude = magnitude * 10 + digit;
    }
    if (!negative) return out_.number_unsigned(magnitude);
    constexpr auto kMinMagnitude = std::uint64_t{1} << 63;  // |INT64_MIN|
    if (magnitude > kMinMagnitude) return std::nullopt;
    return out_.number_integer(magnitude == kMinMagnitude ? std::numeric_limits<std::int64_t>::min()
                                                          : -static_cast<std::int64_t>(magnitude));
  }

  bool floating(std::string_view token, std::size_t start) {
    double value = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || end != token.data() + token.size()) {
      // Out of range: what strtod (nlohmann's converter) makes of it,
      // 0 or a subnormal on underflow, infinity on overflow.
      const std::string terminated(token);
      value = std::strtod(terminated.c_str(), nullptr);
    }
    if (!std::isfinite(value)) {
      return error(start, "number overflow: " + std::string(token) + " is beyond a double's range");
    }
    static const Json::string_t kUnusedText;
    return out_.number_float(value, kUnusedText);
  }

  std::string_view text_;
  StrictBuilder& out_;
  std::size_t pos_ = 0;
  std::vector<Container> open_;
  Json::string_t buffer_;  // the string literal being read
};

}  // namespace

bool read_json(std::string_view text, StrictBuilder& builder) {
  return Reader(text, builder).document();
}

}  // namespace autofixd::intake
