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
  facts.short_id = issue.short_id;
  facts.web_url = issue.web_url;
  facts.seer_last_triggered = issue.seer_last_triggered;
  return facts;
}

}  // namespace autofixd::intake
