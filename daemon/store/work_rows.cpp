// The processor's and the run engine's one question per idle tick: is there
// anything to do?
#include <optional>

#include "store/store.hpp"

namespace autofixd::store {
namespace {

// The one integer `sql` reads, with `?1` bound to `param` when given.
Result<std::int64_t> single_int(Database& db, const char* sql,
                                std::optional<std::int64_t> param = std::nullopt) {
  auto stmt = Statement::prepare(db, sql);
  if (!stmt) return stmt.error();
  if (param) stmt->bind(1, *param);
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? stmt->column_int(0) : 0;
}

}  // namespace

Result<ProcessorWork> Store::processor_work(SysTime now) {
  ProcessorWork work;
  auto queued = queue_size();
  if (!queued) return queued.error();
  work.queued = *queued;
  auto requests =
      single_int(db_, "SELECT EXISTS (SELECT 1 FROM operator_requests WHERE state = 'pending')");
  if (!requests) return requests.error();
  work.operator_requests = *requests != 0;
  // deliveries_pending (next_attempt_at, id): 0 is "never tried".
  auto deliveries = single_int(db_,
                               "SELECT EXISTS (SELECT 1 FROM deliveries WHERE state = 'pending' "
                               "AND next_attempt_at <= ?1)",
                               to_unix_ms(now));
  if (!deliveries) return deliveries.error();
  work.deliveries_due = *deliveries != 0;
  auto watch = next_watch_due();
  if (!watch) return watch.error();
  work.watches_due = *watch && **watch <= now;
  auto retry = next_delivery_retry();
  if (!retry) return retry.error();
  work.next_due = *watch;
  if (*retry && (!work.next_due || *retry < *work.next_due)) work.next_due = *retry;
  return work;
}

Result<EngineWork> Store::engine_work() {
  EngineWork work;
  auto pause = pause_state();
  if (!pause) return pause.error();
  work.pause = std::move(*pause);
  auto cancels = single_int(db_,
                            "SELECT EXISTS (SELECT 1 FROM operator_requests WHERE state = 'pending' "
                            "AND action = 'cancel')");
  if (!cancels) return cancels.error();
  work.cancel_requests = *cancels != 0;
  auto next = next_run_or_comment_due();
  if (!next) return next.error();
  work.next_due = *next;
  return work;
}

}  // namespace autofixd::store
