// What the sweep asks of the store: which listed issues it has never heard
// of, and to store a delivery for each of them.
#include <algorithm>

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

Result<SweepQueued> Store::queue_unseen(const std::vector<NewDelivery>& candidates,
                                        std::int64_t max_pending) {
  // One transaction: a webhook committed before it is seen by the check, and
  // none can slip in between the check and the insert.
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  std::vector<IssueId> issues;
  issues.reserve(candidates.size());
  for (const NewDelivery& d : candidates) {
    if (d.issue) issues.push_back(*d.issue);
  }
  auto unseen = unseen_issues(issues);
  if (!unseen) return unseen.error();
  SweepQueued out;
  out.unseen = unseen->size();
  std::vector<NewDelivery> batch;
  for (const NewDelivery& d : candidates) {
    if (!d.issue || std::find(unseen->begin(), unseen->end(), *d.issue) == unseen->end()) {
      continue;
    }
    // Webhooks are refused past this backlog; the sweep holds back too, and
    // the issues left are found again by the next sweep.
    if (pending_count_ + static_cast<std::int64_t>(batch.size()) >= max_pending) {
      out.held_back = out.unseen - batch.size();
      break;
    }
    batch.push_back(d);
  }
  auto inserted = insert_deliveries(batch);
  if (!inserted) return inserted.error();
  for (const InsertedDelivery& r : *inserted) out.queued += r.duplicate ? 0 : 1;
  if (auto s = tx.commit(); !s) return s.error();
  return out;
}

}  // namespace autofixd::store
