// [[rule]] tables.
#include <algorithm>
#include <array>
#include <limits>

#include "config/load_context.hpp"

namespace autofixd::config::detail {
namespace {

// Sentry caps user_context (where the instruction goes) at 1000 characters.
constexpr std::size_t kMaxInstructionChars = 1000;
constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

constexpr std::array<std::string_view, 5> kLevels{"debug", "info", "warning", "error", "fatal"};
constexpr std::array<std::string_view, 3> kPriorities{"high", "medium", "low"};
// Sentry's GroupSubStatus values (sentry-api.md §8).
constexpr std::array<std::string_view, 7> kSubstatuses{"new",
                                                       "ongoing",
                                                       "regressed",
                                                       "escalating",
                                                       "archived_until_escalating",
                                                       "archived_forever",
                                                       "archived_until_condition_met"};

std::size_t utf8_length(std::string_view text) {
  // Count every byte that does not continue a multi-byte sequence.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

void read_name(const Section& s, Rule& rule) {
  const std::optional<std::string> name = s.string("name");
  if (!s.has("name")) {
    return s.error("name",
                   "missing (every rule needs a unique name, e.g. name = \"backend-errors\")",
                   "config.missing_key");
  }
  if (!name) return;
  if (name->empty()) return s.error("name", "is empty (expected a unique name for the rule)");
  rule.name = *name;
}

void read_filters(const Section& s, Rule& rule) {
  if (auto projects = s.strings("projects")) {
    for (std::size_t i = 0; i < projects->size(); ++i) {
      if ((*projects)[i].empty()) {
        s.element_error("projects", i, *s.node("projects")->as_array()->get(i),
                        "is empty (expected a project slug)");
      }
    }
    rule.projects = std::move(*projects);
  }
  if (auto levels = s.strings("levels")) {
    for (std::size_t i = 0; i < levels->size(); ++i) {
      if (std::find(kLevels.begin(), kLevels.end(), (*levels)[i]) != kLevels.end()) continue;
      s.element_error("levels", i, *s.node("levels")->as_array()->get(i),
                      quote((*levels)[i]) +
                          " is not a Sentry level (expected one of debug, info, "
                          "warning, error, fatal)");
    }
    rule.levels = std::move(*levels);
  }
  rule.min_events = s.integer_in("min_events", 0, kMaxInt, "an integer >= 0");
  rule.min_users = s.integer_in("min_users", 0, kMaxInt, "an integer >= 0");
}

// A list of names, each one of `allowed` (any non-empty name when `allowed`
// is empty); `what` names one element in messages.
template <std::size_t N>
std::vector<std::string> read_names(const Section& s, std::string_view key,
                                    const std::array<std::string_view, N>& allowed,
                                    std::string_view what) {
  auto names = s.strings(key);
  if (!names) return {};
  for (std::size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    const toml::node& element = *s.node(key)->as_array()->get(i);
    if (name.empty()) {
      s.element_error(key, i, element, "is empty (expected " + std::string(what) + ")");
    } else if (!allowed.empty() &&
               std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string expected;
      for (const std::string_view a : allowed)
        expected += (expected.empty() ? "" : ", ") + std::string(a);
      s.element_error(
          key, i, element,
          quote(name) + " is not " + std::string(what) + " (expected one of " + expected + ")");
    }
  }
  return std::move(*names);
}

std::optional<Pattern> read_pattern(const Section& s, std::string_view key) {
  const std::optional<std::string> text = s.string(key);
  if (!text) return std::nullopt;
  if (text->empty()) {
    s.error(key, "is empty (expected an RE2 regular expression, e.g. \"Timeout|Error\")");
    return std::nullopt;
  }
  auto pattern = Pattern::compile(*text);
  if (!pattern) {
    s.error(key,
            quote(*text) + " is not a valid RE2 regular expression: " + pattern.error().message);
    return std::nullopt;
  }
  return std::move(*pattern);
}

// Targeting on the issue's own fields (sentry-api.md §8).
void read_targeting(const Section& s, Rule& rule) {
  rule.priorities = read_names(s, "priorities", kPriorities, "a Sentry priority");
  rule.categories =
      read_names(s, "categories", std::array<std::string_view, 0>{}, "an issue category");
  rule.substatuses = read_names(s, "substatuses", kSubstatuses, "a Sentry substatus");
  // Sorted and unique: rules naming the same environments share one fetch.
  rule.environments =
      read_names(s, "environments", std::array<std::string_view, 0>{}, "an environment name");
  std::sort(rule.environments.begin(), rule.environments.end());
  rule.environments.erase(std::unique(rule.environments.begin(), rule.environments.end()),
                          rule.environments.end());
  rule.title_matches = read_pattern(s, "title_matches");
  rule.title_excludes = read_pattern(s, "title_excludes");
  rule.culprit_matches = read_pattern(s, "culprit_matches");
  rule.max_age = s.positive_duration("max_age");
  if (auto unhandled = s.boolean("unhandled_only")) rule.unhandled_only = *unhandled;
}

void read_fixability(const Section& s, Rule& rule) {
  const toml::node* node = s.node("min_fixability");
  if (!node) return;
  if (const auto* text = node->as_string()) {
    if (const std::optional<double> named = named_fixability(text->get())) {
      rule.min_fixability = named;
      rule.min_fixability_text = text->get();
      return;
    }
  } else if (const std::optional<double> number = node->value<double>();
             number && !node->is_boolean() && *number >= 0 && *number <= 1) {
    rule.min_fixability = number;
    rule.min_fixability_text = format_number(*number);
    return;
  }
  s.error("min_fixability", render(*node) +
                                " is not a number 0..1 or one of super_low, low, "
                                "medium, high, super_high");
}

void read_actions(const Section& s, Rule& rule) {
  if (auto text = s.string("stopping_point")) {
    if (auto point = parse_stopping_point(*text)) {
      rule.stopping_point = *point;
    } else {
      s.error("stopping_point", quote(*text) +
                                    " is not a stopping point (expected one of "
                                    "root_cause, solution, code_changes, open_pr)");
    }
  }
  if (auto instruction = s.string("instruction")) {
    const std::size_t length = utf8_length(*instruction);
    if (length > kMaxInstructionChars) {
      s.error("instruction", "is " + std::to_string(length) +
                                 " characters long (expected at most 1000, Sentry's limit for "
                                 "user_context)");
    } else {
      rule.instruction = std::move(*instruction);
    }
  }
  if (auto cooldown = s.duration("cooldown")) rule.cooldown = *cooldown;
  rule.max_runs_per_day = s.integer_in("max_runs_per_day", 1, kMaxInt, "an integer >= 1");
  rule.max_runs_per_hour = s.integer_in("max_runs_per_hour", 1, kMaxInt, "an integer >= 1");
}

}  // namespace

std::optional<Mode> read_mode(const Section& table) {
  const std::optional<std::string> text = table.string("mode");
  if (!text) return std::nullopt;
  if (*text == "act") return Mode::act;
  if (*text == "observe") return Mode::observe;
  table.error("mode", quote(*text) + " is not one of act, observe");
  return std::nullopt;
}

namespace {

void read_seer_actions(const Section& s, Rule& rule) {
  if (auto mode = read_mode(s)) rule.mode = *mode;
  if (auto text = s.string("on_existing_run")) {
    if (*text == "skip") {
      rule.on_existing_run = OnExistingRun::skip;
    } else if (*text == "follow") {
      rule.on_existing_run = OnExistingRun::follow;
    } else {
      s.error("on_existing_run", quote(*text) + " is not one of skip, follow");
    }
  }
  if (auto repo = s.string("repo_name")) {
    if (repo->empty()) {
      s.error("repo_name", "is empty (expected a repository such as \"acme/backend\")");
    } else {
      rule.repo_name = std::move(*repo);
    }
  }
  if (!s.has("coding_agent")) return;
  const std::optional<Section> agent = s.table("coding_agent", {"integration_id", "provider"});
  if (!agent) return s.type_error("coding_agent", "a table { integration_id = N, provider = \"...\" }");
  CodingAgentHandoff handoff;
  const auto id = agent->integer_in("integration_id", 1, kMaxInt, "an integer >= 1");
  const auto provider = agent->string("provider");
  if (!agent->has("integration_id")) {
    agent->error("integration_id", "missing (the Sentry integration id of the coding agent)",
                 "config.missing_key");
  }
  if (!agent->has("provider")) {
    agent->error("provider", "missing (the coding agent's provider, e.g. \"cursor\")",
                 "config.missing_key");
  } else if (provider && provider->empty()) {
    agent->error("provider", "is empty (expected the coding agent's provider)");
  }
  if (!id || !provider || provider->empty()) return;
  handoff.integration_id = *id;
  handoff.provider = *provider;
  if (rule.stopping_point == StoppingPoint::root_cause) {
    return s.error("coding_agent", "needs stopping_point solution or later (the agent takes over "
                                   "after Seer's solution)");
  }
  rule.coding_agent = std::move(handoff);
}

void check_unique_name(const Section& s, const std::vector<Rule>& earlier, const Rule& rule) {
  if (rule.name.empty()) return;
  for (std::size_t i = 0; i < earlier.size(); ++i) {
    if (earlier[i].name != rule.name) continue;
    s.error("name",
            quote(rule.name) + " is already the name of rule[" + std::to_string(i) + "] on line " +
                std::to_string(earlier[i].line) + " (expected a unique name)",
            "config.duplicate_rule");
    return;
  }
}

}  // namespace

void read_rules(const Section& root, LoadContext& ctx, std::vector<Rule>& rules) {
  const toml::array* array = root.table_array("rule");
  if (!array) return;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const Section s(*array->get(i)->as_table(), "rule[" + std::to_string(i) + "]",
                    {"name",
                     "projects",
                     "levels",
                     "min_events",
                     "min_users",
                     "min_fixability",
                     "stopping_point",
                     "instruction",
                     "cooldown",
                     "max_runs_per_day",
                     "max_runs_per_hour",
                     "environments",
                     "on_existing_run",
                     "repo_name",
                     "coding_agent",
                     "mode",
                     "priorities",
                     "categories",
                     "substatuses",
                     "title_matches",
                     "title_excludes",
                     "culprit_matches",
                     "max_age",
                     "unhandled_only"},
                    ctx.errors);
    Rule rule;
    rule.line = s.line();
    read_name(s, rule);
    read_filters(s, rule);
    read_targeting(s, rule);
    read_fixability(s, rule);
    if (!rule.environments.empty() && !rule.min_events && !rule.min_users) {
      s.error("environments",
              "scopes min_events and min_users, and this rule has neither (add a threshold, "
              "or remove environments)");
    }
    read_actions(s, rule);
    read_seer_actions(s, rule);
    check_unique_name(s, rules, rule);
    rules.push_back(std::move(rule));
  }
}

}  // namespace autofixd::config::detail
