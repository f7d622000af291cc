#include "intake/strict_json.hpp"

#include <cstdio>
#include <utility>

#include "intake/json_reader.hpp"
#include "intake/strict_builder.hpp"

namespace autofixd::intake {

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

Result<nlohmann::json> parse_strict_json(std::string_view text, const JsonKeep* keep) {
  if (text.empty()) return make_error("intake.bad_json", "body is empty");
  StrictBuilder builder(keep);
  const bool parsed = read_json(text, builder);
  return std::move(builder).take(parsed);
}

Result<nlohmann::json> parse_strict_json_with_nlohmann(std::string_view text) {
  if (text.empty()) return make_error("intake.bad_json", "body is empty");
  StrictBuilder builder;
  const bool parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                                nlohmann::json::input_format_t::json,
                                                /*strict=*/true, /*ignore_comments=*/false);
  return std::move(builder).take(parsed);
}

}  // namespace autofixd::intake
