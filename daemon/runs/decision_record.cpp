#include "runs/decision_record.hpp"

#include "runs/outcomes.hpp"

namespace autofixd::runs {
namespace {

// The queue starts Sentry's highest priority first; unknown comes last.
int priority_rank(const std::string& priority) {
  if (priority == "high") return 0;
  if (priority == "medium") return 1;
  if (priority == "low") return 2;
  return 3;
}

// A start that only gets recorded: dry-run (no token) or observe mode.
std::string outcome_name(const config::Config& config, const rules::Decision& d) {
  if (d.outcome == rules::Outcome::start && config.dry_run()) return "dry_run";
  if (d.outcome == rules::Outcome::start && config.observes(config.find_rule(d.rule))) {
    return "observe";
  }
  return std::string(rules::to_string(d.outcome));
}

}  // namespace

store::DecisionRecord to_record(const config::Config& config, const Assessment& a,
                                std::optional<DeliveryId> delivery, SysTime now) {
  store::DecisionRecord r;
  r.delivery = delivery;
  r.issue = a.facts.issue;
  r.decided_at = now;
  r.outcome = outcome_name(config, a.decision);
  r.rule = a.decision.rule;
  r.reason = a.decision.reason;
  r.detail = a.decision.detail;
  if (delivery && a.decision.outcome == rules::Outcome::skip &&
      a.decision.reason == "already_running") {
    r.render_facts = [facts = a.facts] { return rules::facts_to_json(facts); };
  } else {
    r.facts_json = rules::facts_to_json(a.facts);
  }
  r.outbox = decision_outbox(config, a.facts, a.decision, now);
  r.stopping_point = a.decision.stopping_point;
  r.instruction = a.decision.instruction;
  r.issue_title = a.facts.title;
  r.issue_short_id = a.facts.short_id;
  r.issue_url = a.facts.web_url;
  r.project = a.facts.project;
  switch (a.decision.start_kind) {
    case rules::StartKind::new_run: r.origin = store::RunOrigin::started; break;
    case rules::StartKind::follow: r.origin = store::RunOrigin::followed; break;
    case rules::StartKind::continue_run: r.origin = store::RunOrigin::continued; break;
  }
  r.continues_run = a.decision.continues_run;
  r.sentry_run = a.decision.sentry_run;
  r.sentry_run_uuid = a.decision.sentry_run_uuid;
  if (a.decision.outcome == rules::Outcome::watch) {
    r.recheck_at = now + config.watch.recheck_interval;
    r.watch_expires_at = now + config.watch.expire_after;
  } else if (a.decision.recheck_at) {
    // Skipped until a known time (cooldown): watched at least until one
    // re-check after it.
    r.recheck_at = *a.decision.recheck_at;
    r.watch_expires_at =
        std::max(now + config.watch.expire_after, *r.recheck_at + config.watch.recheck_interval);
  }
  if (a.decision.outcome == rules::Outcome::queued) {
    r.priority_rank = priority_rank(a.facts.priority);
    r.events = a.facts.events;
    r.fixability = a.facts.fixability;
    r.queue_expires_at = now + config.watch.expire_after;
  }
  return r;
}

}  // namespace autofixd::runs
