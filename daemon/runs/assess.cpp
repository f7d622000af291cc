#include "intake/facts_from_issue.hpp"
#include "runs/processor.hpp"

namespace autofixd::runs {
namespace {

// Fresh issue details win over what the webhook carried; fields the details
// lack keep the webhook's value.
rules::Facts merge(rules::Facts webhook, const rules::Facts& fresh) {
  auto take = [](auto& into, const auto& from) {
    if (!from.empty()) into = from;
  };
  take(webhook.project, fresh.project);
  take(webhook.level, fresh.level);
  take(webhook.status, fresh.status);
  take(webhook.title, fresh.title);
  take(webhook.short_id, fresh.short_id);
  take(webhook.web_url, fresh.web_url);
  if (fresh.events) webhook.events = fresh.events;
  if (fresh.users) webhook.users = fresh.users;
  // A null score in fresh details is news too: the score may have been reset.
  webhook.fixability = fresh.fixability;
  return webhook;
}

bool worth_fetching(const config::Config& config, const rules::Facts& facts,
                    const rules::Decision& decision) {
  // Before spending a paid run, confirm on fresh facts; and fetch whatever a
  // rule needs that the webhook did not say.
  return decision.outcome != rules::Outcome::skip ||
         rules::needs_more_facts(config.rules, facts);
}

}  // namespace

net::awaitable<Result<Assessment>> assess(sentry::SentryApi* api, const config::Config& config,
                                          rules::Facts facts, const rules::History& history,
                                          SysTime now) {
  Assessment a;
  a.facts = std::move(facts);
  a.decision = rules::evaluate(config.rules, a.facts, history, now);
  if (api == nullptr || !worth_fetching(config, a.facts, a.decision)) co_return a;
  auto details = co_await api->get_issue(a.facts.issue);
  if (!details) {
    if (details.error().code == "sentry.transient") co_return details.error();
    a.details_error = details.error().message;
    if (details.error().code == "sentry.not_found") {
      a.decision.outcome = rules::Outcome::skip;
      a.decision.reason = "issue_not_found";
      a.decision.detail = "issue " + a.facts.issue.str() + " no longer exists in Sentry";
    }
    co_return a;
  }
  a.details_fetched = true;
  a.facts = merge(std::move(a.facts), intake::facts_from_issue(*details));
  a.decision = rules::evaluate(config.rules, a.facts, history, now);
  co_return a;
}

}  // namespace autofixd::runs
