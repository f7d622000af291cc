// The BodyPruner's walk over rows past [store] row_retention.
#include <algorithm>

#include <spdlog/spdlog.h>

#include "runs/body_pruner.hpp"
#include "util/duration.hpp"

namespace autofixd::runs {
namespace {

std::string_view table_name(store::RetainedTable table) {
  switch (table) {
    case store::RetainedTable::runs:
      return "runs";
    case store::RetainedTable::decisions:
      return "decisions";
    case store::RetainedTable::deliveries:
      return "deliveries";
    case store::RetainedTable::operator_requests:
      return "operator request";
  }
  return "rows";
}

}  // namespace

net::awaitable<void> BodyPruner::prune_rows() {
  const auto config = config_.get();
  const Millis retention = config->row_retention_in_effect();
  if (retention == Millis::zero()) co_return;
  const SysTime cutoff = clock_.now() - retention;
  std::int64_t deleted = 0;
  // Children first: a run's decision can go only once the run has.
  for (const auto table : {store::RetainedTable::runs, store::RetainedTable::decisions,
                           store::RetainedTable::deliveries,
                           store::RetainedTable::operator_requests}) {
    if (stopping_) break;
    const std::int64_t n = co_await prune_table(table, cutoff);
    if (n < 0) break;
    deleted += n;
    if (n > 0) spdlog::debug("store: deleted {} old {} rows", n, table_name(table));
  }
  stats_.rows_deleted += static_cast<std::uint64_t>(std::max<std::int64_t>(deleted, 0));
  if (deleted > 0) {
    spdlog::info(
        "store: deleted {} delivery, decision, run and operator request rows older than {} "
        "([store] row_retention)",
        deleted, format_duration(retention));
  }
  if (retention > config->store.row_retention) {
    spdlog::debug(
        "store: rows kept for {} (longer than row_retention {}: the rules read "
        "that far back)",
        format_duration(retention), format_duration(config->store.row_retention));
  }
}

// Walks one table from its first row; returns the rows deleted, or -1 when
// the store failed (the next pass tries again).
net::awaitable<std::int64_t> BodyPruner::prune_table(store::RetainedTable table, SysTime cutoff) {
  std::int64_t after = 0;
  std::int64_t deleted = 0;
  while (!stopping_) {
    auto job = [table, after, cutoff](store::Store& s) {
      return s.prune_rows(table, after, cutoff, kSpan);
    };
    auto pruned = co_await store_.call(std::move(job));
    if (!pruned) {
      ++stats_.failures;
      spdlog::warn("store: cannot delete old {} rows: {}", table_name(table),
                   pruned.error().message);
      co_return -1;
    }
    deleted += pruned->deleted;
    if (pruned->done) break;
    after = pruned->next_after;
  }
  co_return deleted;
}

}  // namespace autofixd::runs
