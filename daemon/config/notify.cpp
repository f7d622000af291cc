// [[notify]] tables: Slack incoming webhooks and signed JSON webhooks. The
// URL lives in a file like every other secret (a Slack webhook URL is a
// credential: whoever has it can post to the channel).
#include <algorithm>
#include <array>

#include "config/load_context.hpp"
#include "config/secrets.hpp"
#include "config/values.hpp"

namespace autofixd::config {

std::span<const std::string_view> notify_outcome_names() {
  static constexpr std::array<std::string_view, 8> kNames{
      "started",   "completed", "failed",  "needs_input",
      "timed_out", "cancelled", "refused", "skipped_already_triggered"};
  return kNames;
}

namespace detail {
namespace {

void read_outcomes(const Section& s, NotifyTarget& target) {
  const auto outcomes = s.strings("outcomes");
  if (!outcomes) return;
  const auto names = notify_outcome_names();
  for (std::size_t i = 0; i < outcomes->size(); ++i) {
    const std::string& outcome = (*outcomes)[i];
    if (std::find(names.begin(), names.end(), outcome) == names.end()) {
      s.error("outcomes", quote(outcome) +
                              " is not an outcome (expected any of started, completed, failed, "
                              "needs_input, timed_out, cancelled, refused, "
                              "skipped_already_triggered; [] = all)");
      continue;
    }
    target.outcomes.push_back(outcome);
  }
}

void read_file_key(const Section& s, LoadContext& ctx, std::string_view key, std::string& path,
                   std::vector<SecretSetting>& settings) {
  const auto file = s.string(key);
  if (file && !file->empty()) path = resolve_path(ctx.base_dir, *file);
  settings.push_back(SecretSetting{path, s.key_path(key), s.line_of(key)});
}

}  // namespace

void read_notify(const Section& root, LoadContext& ctx, std::vector<NotifyTarget>& targets) {
  const toml::array* array = root.table_array("notify");
  if (!array) return;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const Section s(*array->get(i)->as_table(), "notify[" + std::to_string(i) + "]",
                    {"name", "kind", "url_file", "secret_file", "outcomes"}, ctx.errors);
    NotifyTarget target;
    target.line = s.line();
    if (auto kind = s.string("kind")) {
      if (*kind != "slack" && *kind != "webhook") {
        s.error("kind", quote(*kind) + " is not a notify kind (expected \"slack\" or \"webhook\")");
      }
      target.kind = *kind;
    } else if (!s.has("kind")) {
      s.error("kind", "missing (expected \"slack\" or \"webhook\")", "config.missing_key");
    }
    if (!s.has("url_file")) {
      s.error("url_file", "missing (expected the path of a file holding the URL to POST to)",
              "config.missing_key");
    }
    read_file_key(s, ctx, "url_file", target.url_file, ctx.secrets.notify_url_files);
    read_file_key(s, ctx, "secret_file", target.secret_file, ctx.secrets.notify_secret_files);
    if (target.kind == "webhook" && target.secret_file.empty()) {
      s.error("secret_file",
              "missing (expected, for kind \"webhook\", the path of a file holding the "
              "HMAC-SHA256 signing secret)",
              "config.missing_key");
    }
    if (target.kind == "slack" && !target.secret_file.empty()) {
      s.error("secret_file", "is set, but Slack incoming webhooks are not signed (expected only "
                             "for kind \"webhook\")");
    }
    read_outcomes(s, target);
    if (auto name = s.string("name")) target.name = *name;
    targets.push_back(std::move(target));
  }
}

// A notify or tracker target's name keys its outbox rows, so it must be
// unique and stable: the kind when there is one of it, else written out.
void name_targets(LoadContext& ctx, Config& config) {
  std::vector<std::string> names;
  auto claim = [&](std::string& name, const std::string& kind, std::string_view table, int line,
                   std::size_t index) {
    const std::string key = std::string(table) + "[" + std::to_string(index) + "].name";
    if (name.empty()) name = kind.empty() ? std::string(table) : kind;
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      ctx.errors.add("config.duplicate_name", line, key,
                     quote(name) +
                         " names another [[tracker]] or [[notify]] too (expected a unique name: "
                         "set name = \"...\" on each; it keys the target's outbox)");
    }
    names.push_back(name);
  };
  for (std::size_t i = 0; i < config.trackers.size(); ++i) {
    Tracker& t = config.trackers[i];
    claim(t.name, t.kind, "tracker", t.line, i);
  }
  for (std::size_t i = 0; i < config.notify.size(); ++i) {
    NotifyTarget& n = config.notify[i];
    claim(n.name, n.kind, "notify", n.line, i);
  }
}

}  // namespace detail
}  // namespace autofixd::config
