#include "intake/strict_builder.hpp"

#include <utility>

#include "intake/strict_json.hpp"

namespace autofixd::intake {
namespace {

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

}  // namespace

bool StrictBuilder::key(Json::string_t& name) {
  Frame& top = stack_.back();
  // One lookup: the member's slot is made here and filled by put().
  auto [member, added] = top.node->get_ref<Json::object_t&>().try_emplace(name);
  if (!added) {
    return fail("duplicate key \"" + printable(name) + "\" in " + where(stack_.size() - 1));
  }
  top.member = &member->second;
  top.key = std::move(name);
  return true;
}

bool StrictBuilder::parse_error(std::size_t position, const std::string& /*last_token*/,
                                const Json::exception& ex) {
  // nlohmann counts the bytes read, including the offending one; report
  // the offending byte's 0-based offset, which is what a hex dump shows.
  return syntax_error(position > 0 ? position - 1 : 0, syntax_reason(ex.what()));
}

bool StrictBuilder::syntax_error(std::size_t offset, std::string_view reason) {
  return fail("body is not valid JSON at byte offset " + std::to_string(offset) + ": " +
              std::string(reason));
}

Result<nlohmann::json> StrictBuilder::take(bool parsed) && {
  if (!parsed || error_) {
    return error_ ? std::move(*error_) : make_error("intake.bad_json", "body is not valid JSON");
  }
  return std::move(root_);
}

bool StrictBuilder::fail(std::string message) {
  if (!error_) error_ = make_error("intake.bad_json", std::move(message));
  return false;
}

// The path of the value being read inside the first `frames` containers.
std::string StrictBuilder::where(std::size_t frames) const {
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
nlohmann::json* StrictBuilder::put(Json value) {
  if (stack_.empty()) {
    root_ = std::move(value);
    return &root_;
  }
  Json& parent = *stack_.back().node;
  if (parent.is_array()) {
    parent.push_back(std::move(value));
    return &parent.back();
  }
  Json& slot = *stack_.back().member;
  slot = std::move(value);
  return &slot;
}

// An array's index names the element being read; it moves on once that
// element is complete (a scalar at once, a container when it closes).
void StrictBuilder::advance() {
  if (!stack_.empty() && stack_.back().node->is_array()) ++stack_.back().index;
}

bool StrictBuilder::put_value(Json value) {
  put(std::move(value));
  advance();
  return true;
}

bool StrictBuilder::open(Json container) {
  if (stack_.size() >= kMaxJsonDepth) {
    return fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels at " +
                where(stack_.size()));
  }
  // The pointer stays valid while the child is open: its parent gains no
  // other member or element until the child is closed.
  Json* node = put(std::move(container));
  stack_.push_back(Frame{node, {}, nullptr, 0});
  return true;
}

bool StrictBuilder::close() {
  stack_.pop_back();
  advance();
  return true;
}

}  // namespace autofixd::intake
