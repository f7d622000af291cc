#include "intake/facts_from_issue.hpp"

namespace autofixd::intake {

rules::Facts facts_from_issue(const sentry::IssueDetails& issue) {
  rules::Facts facts;
  facts.issue = issue.id;
  facts.project = issue.project_slug;
  facts.level = issue.level;
  facts.status = issue.status;
  facts.events = issue.count;
  facts.users = issue.user_count;
  facts.fixability = issue.fixability;
  facts.title = issue.title;
  facts.priority = issue.priority;
  facts.category = issue.issue_category;
  facts.substatus = issue.substatus;
  facts.culprit = issue.culprit;
  facts.first_seen = issue.first_seen;
  facts.unhandled = issue.is_unhandled;
  facts.short_id = issue.short_id;
  facts.web_url = issue.web_url;
  facts.seer_last_triggered = issue.seer_last_triggered;
  return facts;
}

// Fresh issue details win over what the webhook carried; fields the details
// lack keep the webhook's value.
rules::Facts merge_fresh(rules::Facts webhook, const rules::Facts& fresh) {
  auto take = [](auto& into, const auto& from) {
    if (!from.empty()) into = from;
  };
  take(webhook.project, fresh.project);
  take(webhook.level, fresh.level);
  take(webhook.status, fresh.status);
  take(webhook.title, fresh.title);
  take(webhook.short_id, fresh.short_id);
  take(webhook.web_url, fresh.web_url);
  take(webhook.priority, fresh.priority);
  take(webhook.category, fresh.category);
  take(webhook.substatus, fresh.substatus);
  if (fresh.culprit) webhook.culprit = fresh.culprit;
  if (fresh.first_seen) webhook.first_seen = fresh.first_seen;
  if (fresh.unhandled) webhook.unhandled = fresh.unhandled;
  if (fresh.events) webhook.events = fresh.events;
  if (fresh.users) webhook.users = fresh.users;
  // A null score in fresh details is news too: the score may have been reset.
  webhook.fixability = fresh.fixability;
  webhook.seer_last_triggered = fresh.seer_last_triggered;
  return webhook;
}

}  // namespace autofixd::intake
