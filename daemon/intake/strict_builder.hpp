#pragma once
// The DOM builder behind parse_strict_json, driven by either JSON reader (the
// hand reader in json_reader.hpp, or nlohmann's sax_parse as the reference).
// It builds the document like nlohmann's own SAX DOM parser, but refuses
// duplicate keys and nesting deeper than kMaxJsonDepth, and remembers where
// it is so errors name a path. Every method returns false once an error is
// recorded, which stops either reader.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.hpp"

namespace autofixd::intake {

class StrictBuilder {
 public:
  using Json = nlohmann::json;

  // nlohmann's SAX interface (json_sax<Json>), called without virtual dispatch.
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
    Json* node;
    std::string key;        // member being read, when node is an object
    Json* member = nullptr;  // its slot in node, made by key()
    std::size_t index = 0;  // element being read, when node is an array
  };

  bool fail(std::string message);
  std::string where(std::size_t frames) const;
  Json* put(Json value);
  void advance();
  bool put_value(Json value);
  bool open(Json container);
  bool close();

  Json root_;
  std::vector<Frame> stack_;
  std::optional<Error> error_;
};

}  // namespace autofixd::intake
