#include "config/section.hpp"

#include <algorithm>
#include <limits>

#include "util/duration.hpp"

namespace autofixd::config::detail {
namespace {

int line_of_node(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The known key the operator most likely meant, or "" when none is close.
std::string_view closest_key(std::string_view key, std::initializer_list<std::string_view> known) {
  std::string_view best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view candidate : known) {
    const std::size_t d = edit_distance(key, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  // A typo: a couple of edits, more for long names.
  if (!best.empty() && best_distance <= std::max<std::size_t>(2, best.size() / 3)) return best;
  // A shortened name: "api_key" for "api_key_file".
  for (std::string_view candidate : known) {
    if (key.size() >= 3 && candidate.substr(0, key.size()) == key) return candidate;
  }
  return {};
}

std::string unknown_key_message(std::string_view key,
                                std::initializer_list<std::string_view> known) {
  const std::string_view best = closest_key(key, known);
  if (!best.empty()) return "unknown key (did you mean \"" + std::string(best) + "\"?)";
  std::string list;
  for (std::string_view candidate : known) {
    if (!list.empty()) list += ", ";
    list += candidate;
  }
  return "unknown key (expected one of: " + list + ")";
}

// Values of these keys are secrets: messages name their type, never their value.
bool is_secret_key(std::string_view key) {
  return key == "token" || key == "client_secret" || key == "client_secrets";
}

}  // namespace

Section::Section(const toml::table& table, std::string path,
                 std::initializer_list<std::string_view> known, ErrorList& errors)
    : table_(&table), path_(std::move(path)), errors_(&errors) {
  report_unknown_keys(known);
}

void Section::report_unknown_keys(std::initializer_list<std::string_view> known) const {
  for (auto&& [key, value] : *table_) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    errors_->add("config.unknown_key", line_of_node(value), key_path(key.str()),
                 unknown_key_message(key.str(), known));
  }
}

int Section::line() const { return line_of_node(*table_); }

int Section::line_of(std::string_view key) const {
  const toml::node* n = node(key);
  return n ? line_of_node(*n) : line();
}

std::string Section::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const toml::node* Section::node(std::string_view key) const { return table_->get(key); }

void Section::error(std::string_view key, std::string_view what, std::string code) const {
  errors_->add(std::move(code), line_of(key), key_path(key), what);
}

void Section::element_error(std::string_view key, std::size_t index, const toml::node& element,
                            std::string_view what) const {
  errors_->add("config.invalid_value", line_of_node(element),
               key_path(key) + "[" + std::to_string(index) + "]", what);
}

void Section::type_error(std::string_view key, std::string_view expected) const {
  const toml::node* n = node(key);
  if (!n) return;
  const bool show_value = !is_secret_key(key) && !n->is_array() && !n->is_table();
  std::string what = show_value ? render(*n) + " is " : std::string("is ");
  what += type_name(*n);
  what += " (expected " + std::string(expected) + ")";
  error(key, what, "config.wrong_type");
}

std::optional<std::string> Section::string(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (const auto* s = n->as_string()) return s->get();
  type_error(key, "a string");
  return std::nullopt;
}

std::optional<std::int64_t> Section::integer(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (const auto* i = n->as_integer()) return i->get();
  type_error(key, "an integer");
  return std::nullopt;
}

std::optional<bool> Section::boolean(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  type_error(key, "true or false");
  return std::nullopt;
}

std::optional<double> Section::number(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
  if (const auto* f = n->as_floating_point()) return f->get();
  type_error(key, "a number");
  return std::nullopt;
}

std::optional<Millis> Section::duration(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* s = n->as_string();
  if (!s) {
    type_error(key, "a duration string such as \"10s\", \"2m\" or \"24h\"");
    return std::nullopt;
  }
  Result<Millis> parsed = parse_duration(s->get());
  if (!parsed) {
    error(key, parsed.error().message);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::vector<std::string>> Section::strings(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* array = n->as_array();
  if (!array) {
    type_error(key, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (const auto* s = element.as_string()) {
      out.push_back(s->get());
      continue;
    }
    const std::string shown = is_secret_key(key) ? std::string() : render(element) + " ";
    element_error(key, i, element,
                  shown + "is " + std::string(type_name(element)) + " (expected a string)");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::int64_t> Section::integer_in(std::string_view key, std::int64_t min,
                                                std::int64_t max, std::string_view expected) const {
  const std::optional<std::int64_t> value = integer(key);
  if (!value) return std::nullopt;
  if (*value < min || *value > max) {
    error(key,
          std::to_string(*value) + " is out of range (expected " + std::string(expected) + ")");
    return std::nullopt;
  }
  return value;
}

std::optional<Millis> Section::positive_duration(std::string_view key) const {
  const std::optional<Millis> value = duration(key);
  if (!value) return std::nullopt;
  if (value->count() <= 0) {
    error(key, quote(node(key)->as_string()->get()) + " is zero (expected a duration > 0)");
    return std::nullopt;
  }
  return value;
}

std::optional<Section> Section::table(std::string_view key,
                                      std::initializer_list<std::string_view> known) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (const auto* t = n->as_table()) return Section(*t, key_path(key), known, *errors_);
  type_error(key, "a table");
  return std::nullopt;
}

const toml::array* Section::table_array(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return nullptr;
  const auto* array = n->as_array();
  if (array && array->is_array_of_tables()) return array;
  if (array && array->empty()) return array;
  const std::string k(key);
  type_error(key, "an array of tables: write [[" + k + "]] for each " + k);
  return nullptr;
}

}  // namespace autofixd::config::detail
