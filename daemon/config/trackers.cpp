// [[tracker]] tables: a second issue tracker (kind "owlmetry") that gets each
// run's result (notify/).
#include <algorithm>
#include <array>

#include "config/load_context.hpp"
#include "config/secrets.hpp"
#include "config/values.hpp"

namespace autofixd::config::detail {
namespace {

// Statuses the tracker lets a client set; "resolved" needs a fix version,
// which autofixd does not know when a run starts.
constexpr std::array<std::string_view, 5> kSettableStatuses{"", "new", "in_progress", "silenced",
                                                            "snoozed"};

std::optional<std::string> required_string(const Section& s, std::string_view key,
                                           std::string_view expected) {
  if (!s.has(key)) {
    s.error(key, "missing (expected " + std::string(expected) + ")", "config.missing_key");
    return std::nullopt;
  }
  std::optional<std::string> value = s.string(key);
  if (value && value->empty()) {
    s.error(key, "is empty (expected " + std::string(expected) + ")");
    return std::nullopt;
  }
  return value;
}

void read_kind_and_url(const Section& s, Tracker& tracker) {
  if (auto kind = required_string(s, "kind", "\"owlmetry\"")) {
    if (*kind != "owlmetry") {
      s.error("kind", quote(*kind) + " is not a supported tracker kind (expected \"owlmetry\")");
    }
  }
  if (auto text = required_string(s, "base_url", "the tracker's https:// URL")) {
    Result<std::string> url = normalize_base_url(*text);
    if (url) {
      tracker.base_url = *url;
    } else {
      s.error("base_url", url.error().message, url.error().code);
    }
  }
}

void read_match(const Section& s, Tracker& tracker) {
  const std::optional<std::string> match = s.string("match");
  if (!match) return;
  const bool tag = match->rfind("tag:", 0) == 0 && match->size() > 4;
  if (*match != "title" && !tag) {
    return s.error("match", quote(*match) +
                                " is not a match mode (expected \"title\" or "
                                "\"tag:NAME\")");
  }
  tracker.match = *match;
}

void read_set_status(const Section& s, Tracker& tracker) {
  const std::optional<std::string> status = s.string("set_status");
  if (!status) return;
  if (std::find(kSettableStatuses.begin(), kSettableStatuses.end(), *status) ==
      kSettableStatuses.end()) {
    return s.error("set_status", quote(*status) +
                                     " is not a status autofixd can set (expected "
                                     "one of in_progress, new, silenced, snoozed, "
                                     "or \"\" to leave it alone)");
  }
  tracker.set_status = *status;
}

}  // namespace

void read_trackers(const Section& root, LoadContext& ctx, std::vector<Tracker>& trackers) {
  const toml::array* array = root.table_array("tracker");
  if (!array) return;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const Section s(*array->get(i)->as_table(), "tracker[" + std::to_string(i) + "]",
                    {"name", "kind", "base_url", "api_key_file", "project_id", "sentry_projects",
                     "match", "set_status"},
                    ctx.errors);
    Tracker tracker;
    tracker.line = s.line();
    read_kind_and_url(s, tracker);
    if (auto file = required_string(s, "api_key_file", "the path of a file holding the API key")) {
      tracker.api_key_file = resolve_path(ctx.base_dir, *file);
    }
    ctx.secrets.tracker_key_files.push_back(
        SecretSetting{tracker.api_key_file, s.key_path("api_key_file"), s.line_of("api_key_file")});
    if (auto id = required_string(s, "project_id", "the tracker's project id")) {
      tracker.project_id = *id;
    }
    if (auto projects = s.strings("sentry_projects")) tracker.sentry_projects = *projects;
    read_match(s, tracker);
    read_set_status(s, tracker);
    if (auto name = s.string("name")) tracker.name = *name;
    trackers.push_back(std::move(tracker));
  }
}

}  // namespace autofixd::config::detail
