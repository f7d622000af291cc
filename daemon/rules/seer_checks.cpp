#include "rules/seer_checks.hpp"

#include "rules/evaluate.hpp"
#include "util/duration.hpp"
#include "util/time_format.hpp"

namespace autofixd::rules {
namespace {}  // namespace

std::optional<History::OurSeerRun> continuable_run(const config::Rule& rule, const Facts& facts,
                                                   const History& history) {
  const auto& last = history.last_seer_run;
  if (!last || !last->completed || last->stopping_point >= rule.stopping_point) return std::nullopt;
  const auto& latest = facts.latest_seer_run;
  if (latest && latest->id != last->sentry_run) return std::nullopt;  // replaced by another run
  return last;
}

std::optional<std::string> already_triggered(const config::Rule& rule, const Facts& facts,
                                             const History& history, SysTime now) {
  const Millis window = config::triggered_window(&rule);
  if (const auto& latest = facts.latest_seer_run; latest && !latest->ours) {
    if (latest->processing) {
      return "Seer run " + latest->id.str() + " is already in progress on this issue";
    }
    if (latest->at && now - *latest->at < window) {
      return "Seer run " + latest->id.str() + " was active on this issue at " +
             format_utc(*latest->at) + ", within " + format_duration(window);
    }
  }
  if (!facts.seer_last_triggered) return std::nullopt;
  const SysTime at = *facts.seer_last_triggered;
  if (now - at >= window) return std::nullopt;
  if (history.our_seer_activity && at <= *history.our_seer_activity + kSeerClockSkew) {
    return std::nullopt;  // our own run: cooldown decides
  }
  return "Seer was triggered on this issue at " + format_utc(at) + " (not by autofixd), within " +
         format_duration(window);
}

std::optional<Facts::SeerRun> followable_run(const Facts& facts) {
  if (!facts.latest_seer_run || facts.latest_seer_run->ours) return std::nullopt;
  return facts.latest_seer_run;
}

}  // namespace autofixd::rules
