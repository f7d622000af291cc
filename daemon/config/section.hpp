#pragma once
// Internal to config/: typed, checked access to one TOML table. Every getter
// returns nullopt both when the key is absent and when its value is wrong;
// in the second case the mistake is already recorded with its line and key.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/error_list.hpp"
#include "util/clock.hpp"

namespace autofixd::config::detail {

// `"text"` with quotes and escapes, or the TOML value as written for numbers
// and booleans; "a table"/"an array" for containers.
std::string render(const toml::node& node);
// "a string", "an integer", ...
std::string_view type_name(const toml::node& node);
// Quotes a string for a message: "text" with \" and control characters escaped.
std::string quote(std::string_view text);
// Shortest round-trip-ish decimal for a message or display: 0.4, 1.5, 5.
std::string format_number(double value);

class Section {
 public:
  // `path` is the key path of this table as messages show it ("server",
  // "rule[0]"; empty for the root). Keys of `table` not in `known` are
  // reported at once as unknown, with the closest known key suggested.
  Section(const toml::table& table, std::string path, std::initializer_list<std::string_view> known,
          ErrorList& errors);

  int line() const;                                  // the table's line
  int line_of(std::string_view key) const;           // the value's line, else the table's
  std::string key_path(std::string_view key) const;  // "server.listen"
  const toml::node* node(std::string_view key) const;
  bool has(std::string_view key) const { return node(key) != nullptr; }

  // Records a mistake about `key` at its line.
  void error(std::string_view key, std::string_view what,
             std::string code = "config.invalid_value") const;
  // Records a mistake about an element of the array `key`.
  void element_error(std::string_view key, std::size_t index, const toml::node& element,
                     std::string_view what) const;
  // Records "VALUE is TYPE (expected EXPECTED)" for `key`.
  void type_error(std::string_view key, std::string_view expected) const;

  std::optional<std::string> string(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<double> number(std::string_view key) const;  // integer or float
  std::optional<Millis> duration(std::string_view key) const;
  std::optional<std::vector<std::string>> strings(std::string_view key) const;

  // Range-checked variants: out-of-range values are mistakes too.
  std::optional<std::int64_t> integer_in(std::string_view key, std::int64_t min, std::int64_t max,
                                         std::string_view expected) const;
  std::optional<Millis> positive_duration(std::string_view key) const;

  // A nested table ([server.tls] or tls = { ... }); nullopt when absent or not a table.
  std::optional<Section> table(std::string_view key,
                               std::initializer_list<std::string_view> known) const;
  // An array of tables ([[rule]]); nullptr when absent or of another shape.
  const toml::array* table_array(std::string_view key) const;

  ErrorList& errors() const { return *errors_; }

 private:
  void report_unknown_keys(std::initializer_list<std::string_view> known) const;

  const toml::table* table_;
  std::string path_;
  ErrorList* errors_;
};

}  // namespace autofixd::config::detail
