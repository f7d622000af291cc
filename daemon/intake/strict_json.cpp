#include "intake/strict_json.hpp"

#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

namespace autofixd::intake {
namespace {

using Json = nlohmann::json;

// nlohmann's message is "[json.exception.parse_error.101] parse error at line
// 1, column 5: <reason>; last read: '<bytes>'". Keep only <reason>: the
// position is reported as a byte offset instead, and the echoed bytes may be
// invalid UTF-8 that would break the JSON error response.
std::string syntax_reason(const std::string& what) {
  std::string_view text = what;
  if (const auto column = text.find("column "); column != std::string_view::npos) {
    if (const auto colon = text.find(": ", column); colon != std::string_view::npos) {
      text.remove_prefix(colon + 2);
    }
  }
  if (const auto last_read = text.find("; last read"); last_read != std::string_view::npos) {
    text = text.substr(0, last_read);
  }
  return printable(text, 200);
}

// Builds the DOM like nlohmann's own SAX DOM parser, but refuses duplicate
// keys and excessive depth, and remembers where it is so errors name a path.
class StrictBuilder {
 public:
  bool null() { return put_value(Json(nullptr)); }
  bool boolean(bool value) { return put_value(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return put_value(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return put_value(Json(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) {
    return put_value(Json(value));
  }
  bool string(Json::string_t& value) { return put_value(Json(std::move(value))); }
  // Only the binary formats (CBOR, MessagePack) produce these; JSON text never does.
  bool binary(Json::binary_t& /*value*/) { return fail("binary values are not JSON"); }
  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(Json::string_t& name) {
    Frame& top = stack_.back();
    if (top.node->contains(name)) {
      return fail("duplicate key \"" + printable(name) + "\" in " + where(stack_.size() - 1));
    }
    top.key = std::move(name);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const Json::exception& ex) {
    // nlohmann counts the bytes read, including the offending one; report
    // the offending byte's 0-based offset, which is what a hex dump shows.
    const std::size_t offset = position > 0 ? position - 1 : 0;
    return fail("body is not valid JSON at byte offset " + std::to_string(offset) + ": " +
                syntax_reason(ex.what()));
  }

  Result<Json> take(bool parsed) && {
    if (!parsed || error_) {
      return error_ ? std::move(*error_)
                    : make_error("intake.bad_json", "body is not valid JSON");
    }
    return std::move(root_);
  }

 private:
  struct Frame {
    Json* node;
    std::string key;        // member being read, when node is an object
    std::size_t index = 0;  // element being read, when node is an array
  };

  bool fail(std::string message) {
    if (!error_) error_ = make_error("intake.bad_json", std::move(message));
    return false;
  }

  // The path of the value being read inside the first `frames` containers.
  std::string where(std::size_t frames) const {
    std::string path;
    for (std::size_t i = 0; i < frames; ++i) {
      const Frame& f = stack_[i];
      if (f.node->is_array()) {
        path += "[" + std::to_string(f.index) + "]";
      } else {
        if (!path.empty()) path += ".";
        path += printable(f.key, 32);
      }
    }
    return path.empty() ? std::string("the body") : path;
  }

  // Stores a value at the current position; returns where it went.
  Json* put(Json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& parent = *stack_.back().node;
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    Json& slot = parent[stack_.back().key];
    slot = std::move(value);
    return &slot;
  }

  // An array's index names the element being read; it moves on once that
  // element is complete (a scalar at once, a container when it closes).
  void advance() {
    if (!stack_.empty() && stack_.back().node->is_array()) ++stack_.back().index;
  }

  bool put_value(Json value) {
    put(std::move(value));
    advance();
    return true;
  }

  bool open(Json container) {
    if (stack_.size() >= kMaxJsonDepth) {
      return fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels at " +
                  where(stack_.size()));
    }
    // The pointer stays valid while the child is open: its parent gains no
    // other member or element until the child is closed.
    Json* node = put(std::move(container));
    stack_.push_back(Frame{node, {}, 0});
    return true;
  }

  bool close() {
    stack_.pop_back();
    advance();
    return true;
  }

  Json root_;
  std::vector<Frame> stack_;
  std::optional<Error> error_;
};

}  // namespace

std::string printable(std::string_view text, std::size_t max_bytes) {
  std::string out;
  const std::size_t n = text.size() < max_bytes ? text.size() : max_bytes;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  if (n < text.size()) out += "...";
  return out;
}

Result<nlohmann::json> parse_strict_json(std::string_view text) {
  if (text.empty()) return make_error("intake.bad_json", "body is empty");
  StrictBuilder builder;
  const bool parsed = Json::sax_parse(text.begin(), text.end(), &builder,
                                      Json::input_format_t::json, /*strict=*/true,
                                      /*ignore_comments=*/false);
  return std::move(builder).take(parsed);
}

}  // namespace autofixd::intake
