// The small tables: [store], [polling], [watch], [sweep], [log].
#include <algorithm>
#include <array>
#include <limits>

#include "config/load_context.hpp"
#include "config/secrets.hpp"
#include "util/duration.hpp"

namespace autofixd::config::detail {
namespace {

void read_polling(const Section& root, PollingConfig& polling) {
  const std::optional<Section> s =
      root.table("polling", {"initial_interval", "max_interval", "timeout", "step_grace",
                             "uncertain_start_window", "input_timeout"});
  if (!s) return;
  if (auto v = s->positive_duration("step_grace")) polling.step_grace = *v;
  if (auto v = s->positive_duration("uncertain_start_window")) polling.uncertain_start_window = *v;
  if (auto v = s->positive_duration("input_timeout")) polling.input_timeout = *v;
  const std::optional<Millis> initial = s->positive_duration("initial_interval");
  const std::optional<Millis> max = s->positive_duration("max_interval");
  if (auto v = s->positive_duration("timeout")) polling.timeout = *v;
  // Judge the pair as it will be used, defaults included.
  const Millis effective_initial = initial.value_or(polling.initial_interval);
  const Millis effective_max = max.value_or(polling.max_interval);
  if (effective_initial > effective_max) {
    s->error(initial ? "initial_interval" : "max_interval",
             "initial_interval " + format_duration(effective_initial) +
                 " is longer than max_interval " + format_duration(effective_max) +
                 " (expected initial_interval <= max_interval)");
    return;
  }
  polling.initial_interval = effective_initial;
  polling.max_interval = effective_max;
}

void read_watch(const Section& root, WatchConfig& watch) {
  const std::optional<Section> s = root.table("watch", {"recheck_interval", "expire_after"});
  if (!s) return;
  if (auto v = s->positive_duration("recheck_interval")) watch.recheck_interval = *v;
  if (auto v = s->positive_duration("expire_after")) watch.expire_after = *v;
}

void read_sweep(const Section& root, SweepConfig& sweep) {
  const std::optional<Section> s = root.table("sweep", {"interval"});
  if (!s) return;
  // Zero is allowed here: it turns the sweep off.
  if (auto v = s->duration("interval")) sweep.interval = *v;
}

}  // namespace

void read_store(const Section& root, LoadContext& ctx, StoreConfig& store) {
  const std::optional<Section> s = root.table(
      "store", {"path", "body_retention", "row_retention", "replay_keys_in_memory"});
  if (!s) return;
  // Zero is allowed: it keeps every body (every row).
  if (auto v = s->duration("body_retention")) store.body_retention = *v;
  if (auto v = s->duration("row_retention")) store.row_retention = *v;
  if (auto v = s->integer_in("replay_keys_in_memory", 1024, 100'000'000,
                             "an integer 1024..100000000")) {
    store.replay_keys_in_memory = static_cast<std::size_t>(*v);
  }
  const std::optional<std::string> path = s->string("path");
  if (!path) return;
  if (path->empty()) {
    return s->error("path",
                    "is empty (expected a file path, e.g. \"/var/lib/autofixd/autofixd.db\")");
  }
  store.path = resolve_path(ctx.base_dir, *path);
}

void read_automation(const Section& root, AutomationConfig& automation) {
  const std::optional<Section> s = root.table("automation", {"mode"});
  if (!s) return;
  if (auto mode = read_mode(*s)) automation.mode = *mode;
}

void read_budget(const Section& root, BudgetConfig& budget) {
  constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();
  const std::optional<Section> s =
      root.table("budget", {"max_runs_per_hour", "max_runs_per_day", "max_active_runs"});
  if (!s) return;
  budget.max_runs_per_hour = s->integer_in("max_runs_per_hour", 1, kMaxInt, "an integer >= 1");
  budget.max_runs_per_day = s->integer_in("max_runs_per_day", 1, kMaxInt, "an integer >= 1");
  budget.max_active_runs = s->integer_in("max_active_runs", 1, kMaxInt, "an integer >= 1");
}

void read_timers(const Section& root, Config& config) {
  read_polling(root, config.polling);
  read_watch(root, config.watch);
  read_sweep(root, config.sweep);
  read_automation(root, config.automation);
  read_budget(root, config.budget);
}

void read_log(const Section& root, LogConfig& log) {
  const std::optional<Section> s = root.table("log", {"level"});
  if (!s) return;
  const std::optional<std::string> level = s->string("level");
  if (!level) return;
  constexpr std::array<std::string_view, 5> kLevels{"trace", "debug", "info", "warn", "error"};
  if (std::find(kLevels.begin(), kLevels.end(), *level) == kLevels.end()) {
    return s->error("level", quote(*level) +
                                 " is not a log level (expected one of trace, debug, "
                                 "info, warn, error)");
  }
  log.level = *level;
}

}  // namespace autofixd::config::detail
