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

// What to store of a value `keep` names: nullptr (everything) when it is
// kept whole or not filtered at all.
const JsonKeep* filter_of(const JsonKeep* keep) {
  return keep != nullptr && !keep->whole ? keep : nullptr;
}

}  // namespace

bool StrictBuilder::key(Json::string_t& name) {
  Frame& top = stack_.back();
  top.member = nullptr;
  top.member_keep = nullptr;
  if (top.node != nullptr) {
    top.member_keep = top.keep == nullptr ? nullptr : kept_member(*top.keep, name);
    if (top.keep == nullptr || top.member_keep != nullptr) {
      // One lookup: the member's slot is made here and filled by put().
      auto [member, added] = top.node->get_ref<Json::object_t&>().try_emplace(name);
      if (!added) return duplicate(name);
      top.member = &member->second;
    }
  }
  // A member left out is not in the document's map: its name is kept here.
  if (top.member == nullptr && !seen_.insert(*top.seen, name)) return duplicate(name);
  top.key.assign(name);  // not moved: a reader may reuse its buffer
  return true;
}

bool StrictBuilder::string(Json::string_t& value) {
  if (!storing()) {
    advance();
    return true;
  }
  return put_value(Json(std::move(value)));
}

bool StrictBuilder::duplicate(std::string_view name) {
  return fail("duplicate key \"" + printable(name) + "\" in " + where(stack_.size() - 1));
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
    if (f.is_array) {
      path += "[" + std::to_string(f.index) + "]";
    } else {
      if (!path.empty()) path += ".";
      path += printable(f.key, 32);
    }
  }
  return path.empty() ? std::string("the body") : path;
}

// Whether the value at the current position goes into the document.
bool StrictBuilder::storing() const {
  if (stack_.empty()) return true;
  const Frame& top = stack_.back();
  return top.node != nullptr && (top.is_array || top.member != nullptr);
}

// Stores a value at the current position; returns where it went (nullptr
// when the position is left out).
nlohmann::json* StrictBuilder::put(Json value) {
  if (stack_.empty()) {
    root_ = std::move(value);
    return &root_;
  }
  Frame& top = stack_.back();
  if (!storing()) return nullptr;
  if (top.is_array) {
    top.node->push_back(std::move(value));
    return &top.node->back();
  }
  *top.member = std::move(value);
  return top.member;
}

// An array's index names the element being read; it moves on once that
// element is complete (a scalar at once, a container when it closes).
void StrictBuilder::advance() {
  if (!stack_.empty() && stack_.back().is_array) ++stack_.back().index;
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
  Frame frame;
  frame.is_array = container.is_array();
  if (storing()) {
    // In an array every element is stored whole.
    frame.keep = filter_of(stack_.empty()           ? root_keep_
                           : stack_.back().is_array ? nullptr
                                                    : stack_.back().member_keep);
    // The pointer stays valid while the child is open: its parent gains no
    // other member or element until the child is closed.
    frame.node = put(std::move(container));
  }
  if (!frame.is_array && (frame.node == nullptr || frame.keep != nullptr)) {
    frame.seen = seen_.open_object();
  }
  stack_.push_back(std::move(frame));
  return true;
}

bool StrictBuilder::close() {
  if (stack_.back().seen) seen_.close_object(*stack_.back().seen);
  stack_.pop_back();
  advance();
  return true;
}

}  // namespace autofixd::intake
