// `outbox`: every message for a [[tracker]] or [[notify]] target, newest
// first, with what became of it (sent, skipped and why, dead letters and
// their last error); `resend`: a dead letter is tried again. The outbox
// shows what Sentry does not: a start Sentry refused, a run skipped
// because someone else's was there.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "app/terminal_text.hpp"
#include "store/store.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {
namespace {

using Json = nlohmann::json;

std::string optional_time(const std::optional<SysTime>& t) { return t ? format_utc(*t) : "-"; }

Json rows_json(const std::vector<store::OutboxRow>& rows) {
  Json out = Json::array();
  for (const store::OutboxRow& r : rows) {
    out.push_back({{"id", r.id},
                   {"target", json_text(r.entry.target)},
                   {"outcome", r.entry.outcome},
                   {"issue_id", r.entry.issue.str()},
                   {"run_id", r.entry.run ? Json(r.entry.run->value) : Json(nullptr)},
                   {"state", store::to_string(r.state)},
                   {"attempts", r.attempts},
                   {"last_error", json_text(r.last_error)},
                   {"remote_ref", json_text(r.remote_ref)},
                   {"created_at", format_utc(r.created_at)},
                   {"next_attempt_at", r.state == store::OutboxState::pending ||
                                               r.state == store::OutboxState::sending
                                           ? Json(format_utc(r.next_attempt_at))
                                           : Json(nullptr)},
                   {"sent_at", r.sent_at ? Json(format_utc(*r.sent_at)) : Json(nullptr)}});
  }
  return out;
}

void print_text(const std::vector<store::OutboxRow>& rows) {
  if (rows.empty()) {
    std::printf("no outbox messages\n");
    return;
  }
  std::printf("%-8s %-16s %-26s %-12s %-8s %-8s %3s  %-20s  %s\n", "ID", "TARGET", "OUTCOME",
              "ISSUE", "RUN", "STATE", "TRY", "SENT", "NOTE");
  for (const store::OutboxRow& r : rows) {
    const std::string run = r.entry.run ? r.entry.run->str() : "-";
    std::printf("%-8lld %-16s %-26s %-12s %-8s %-8s %3lld  %-20s  %s\n",
                static_cast<long long>(r.id), cell(r.entry.target, 64).c_str(),
                r.entry.outcome.c_str(), r.entry.issue.str().c_str(), run.c_str(),
                std::string(store::to_string(r.state)).c_str(),
                static_cast<long long>(r.attempts), optional_time(r.sent_at).c_str(),
                cell(r.last_error, 300).c_str());
  }
}

}  // namespace

int list_outbox(const CommonOptions& options, const OutboxQuery& query) {
  store::OutboxFilter filter;
  if (query.state) {
    filter.state = store::parse_outbox_state(*query.state);
    if (!filter.state) {
      std::cerr << "autofixd: --state " << cell(*query.state, 64)
                << " is not an outbox state (expected pending, sending, sent, skipped or dead)\n";
      return 2;
    }
  }
  if (query.issue) filter.issue = IssueId{*query.issue};
  if (query.run) filter.run = RunId{*query.run};
  filter.limit = query.limit;
  auto config = load_or_report(options);
  if (!config) return 1;
  auto store = open_existing_store(*config);
  if (!store) return 1;
  auto rows = store->list_outbox(filter);
  if (!rows) {
    std::cerr << "autofixd: cannot read the outbox from store " << config->store.path << ": "
              << rows.error().message << "\n";
    return 1;
  }
  if (options.json) {
    std::cout << rows_json(*rows).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else {
    print_text(*rows);
  }
  return 0;
}

int resend_outbox(const CommonOptions& options, std::int64_t id) {
  auto config = load_or_report(options);
  if (!config) return 1;
  // A short write while the daemon runs is safe (WAL, busy_timeout).
  auto store = open_existing_store(*config);
  if (!store) return 1;
  auto resent = store->resend_outbox(id, std::chrono::system_clock::now());
  if (!resent) {
    std::cerr << "autofixd: " << resent.error().message << "\n";
    return 1;
  }
  if (!*resent) {
    std::cerr << "autofixd: no dead outbox message with id " << id
              << " (see `autofixd outbox --state dead`)\n";
    return 1;
  }
  std::cout << "outbox message " << id
            << " is pending again; the running daemon sends it within a few seconds, or at its "
               "next start\n";
  return 0;
}

}  // namespace autofixd::app
