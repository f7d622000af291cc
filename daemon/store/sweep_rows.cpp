// What the sweep asks of the store: which listed issues it has never heard of.
#include "store/store.hpp"

namespace autofixd::store {

Result<std::vector<IssueId>> Store::unseen_issues(const std::vector<IssueId>& issues) {
  // decisions_issue covers the first half; pending deliveries are few.
  auto stmt = Statement::prepare(
      db_,
      "SELECT EXISTS (SELECT 1 FROM decisions WHERE issue_id = ?1) OR "
      "EXISTS (SELECT 1 FROM deliveries WHERE state = 'pending' AND issue_id = ?1)");
  if (!stmt) return stmt.error();
  std::vector<IssueId> unseen;
  for (const IssueId issue : issues) {
    stmt->reset();
    stmt->bind(1, issue.value);
    auto row = stmt->step();
    if (!row) return row.error();
    if (*row && stmt->column_int(0) == 0) unseen.push_back(issue);
  }
  return unseen;
}

}  // namespace autofixd::store
