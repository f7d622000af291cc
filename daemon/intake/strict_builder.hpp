#pragma once
// The DOM builder behind parse_strict_json, driven by either JSON reader (the
// hand reader in json_reader.hpp, or nlohmann's sax_parse as the reference).
// It builds the document like nlohmann's own SAX DOM parser, but refuses
// duplicate keys and nesting deeper than kMaxJsonDepth, and remembers where
// it is so errors name a path. Every method returns false once an error is
// recorded, which stops either reader.
//
// Given a JsonKeep, it stores only the members named there (json_keep.hpp)
// and reads past the rest, still refusing the same duplicates and depth with
// the same words: a pruned document is the full one with members left out.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/json_keep.hpp"
#include "intake/seen_keys.hpp"
#include "util/result.hpp"

namespace autofixd::intake {

class StrictBuilder {
 public:
  using Json = nlohmann::json;

  // `keep` (which must outlive the builder) names the members of the root
  // object to store; nullptr stores everything.
  explicit StrictBuilder(const JsonKeep* keep = nullptr) : root_keep_(keep) {}

  // nlohmann's SAX interface (json_sax<Json>), called without virtual dispatch.
  bool null() { return put_value(Json(nullptr)); }
  bool boolean(bool value) { return put_value(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return put_value(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return put_value(Json(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) {
    return put_value(Json(value));
  }
  // Takes `value`'s bytes only when it keeps the string, so a reader that
  // reuses its buffer allocates nothing for strings left out.
  bool string(Json::string_t& value);
  // Only the binary formats (CBOR, MessagePack) produce these; JSON text never does.
  bool binary(Json::binary_t& /*value*/) { return fail("binary values are not JSON"); }
  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(Json::string_t& name);
  // nlohmann's report of a syntax error.
  bool parse_error(std::size_t position, const std::string& last_token, const Json::exception& ex);

  // The hand reader's report of a syntax error: `offset` is the 0-based
  // offset of the offending byte (the body's size at an unexpected end).
  bool syntax_error(std::size_t offset, std::string_view reason);

  // The document, or the first error recorded ("body is not valid JSON" if
  // the reader stopped without saying why).
  Result<Json> take(bool parsed) &&;

 private:
  struct Frame {
    Json* node = nullptr;  // nullptr: a container read but not stored
    bool is_array = false;
    // Which members of this object to store; nullptr: all of them.
    const JsonKeep* keep = nullptr;
    // Its names in seen_, when an object whose members are not all stored.
    std::optional<SeenKeys::Object> seen;
    std::string key;                        // member being read, when an object
    Json* member = nullptr;                 // its slot in node, made by key(); null: left out
    const JsonKeep* member_keep = nullptr;  // what to store of that member
    std::size_t index = 0;                  // element being read, when an array
  };

  bool fail(std::string message);
  bool duplicate(std::string_view name);
  std::string where(std::size_t frames) const;
  bool storing() const;
  Json* put(Json value);
  void advance();
  bool put_value(Json value);
  bool open(Json container);
  bool close();

  const JsonKeep* root_keep_;
  Json root_;
  SeenKeys seen_;
  std::vector<Frame> stack_;
  std::optional<Error> error_;
};

}  // namespace autofixd::intake
