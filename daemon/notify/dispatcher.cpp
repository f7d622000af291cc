#include "notify/dispatcher.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "notify/owlmetry.hpp"
#include "notify/send_policy.hpp"
#include "notify/slack.hpp"
#include "notify/tracker_client.hpp"
#include "notify/tracker_comment.hpp"
#include "notify/webhook.hpp"
#include "sentry/api.hpp"

namespace autofixd::notify {
namespace {

constexpr int kBatch = 64;
// New rows are committed by the engine and the processor; the outbox is
// read at least this often to find them.
constexpr Millis kScan{2'000};

template <typename T>
const T* by_name(const std::vector<T>& targets, const std::string& name) {
  const auto it = std::find_if(targets.begin(), targets.end(),
                               [&](const T& t) { return t.name == name; });
  return it == targets.end() ? nullptr : &*it;
}

std::string tracker_issue_of(const std::string& remote_ref) {
  return remote_ref.substr(0, remote_ref.find('/'));
}

}  // namespace

Dispatcher::Dispatcher(net::any_io_executor executor, store::AsyncStore& store,
                       const config::ConfigHolder& config, const Clock& clock,
                       sentry::SentryApi* sentry)
    : executor_(executor), store_(store), config_(config), clock_(clock), sentry_(sentry),
      waker_(executor), tasks_(executor) {}

Dispatcher::~Dispatcher() = default;

void Dispatcher::stop() {
  stopping_ = true;
  waker_.notify();
}

double Dispatcher::jitter() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

net::awaitable<void> Dispatcher::run() {
  while (!stopping_) {
    const auto now = clock_.now();
    auto due = co_await store_.call([now](store::Store& s) { return s.due_outbox(now, kBatch); });
    if (!due) {
      spdlog::error("outbox: cannot read due messages: {}", due.error().message);
    } else {
      for (auto& row : *due) {
        if (in_flight_.size() >= kMaxInFlight) break;
        if (!in_flight_.insert(row.id).second) continue;
        const std::string name = "outbox message " + std::to_string(row.id);
        tasks_.spawn(name, send(std::move(row)));
      }
    }
    auto next = co_await store_.call([](store::Store& s) { return s.next_outbox_due(); });
    // With no tracker and no notify target nothing adds rows, so an idle
    // daemon sleeps until a row left from an earlier config is due or
    // SIGHUP brings targets (it wakes this loop), not every kScan.
    const auto config = config_.get();
    const bool no_targets = config->trackers.empty() && config->notify.empty();
    auto wait = kScan;
    if (next && *next && **next > clock_.now()) {
      const auto until = std::chrono::duration_cast<Millis>(**next - clock_.now());
      wait = no_targets ? until : std::min(kScan, until);
    }
    const bool nothing_to_do = no_targets && next && !*next;
    const auto deadline = nothing_to_do ? std::chrono::steady_clock::time_point::max()
                                        : std::chrono::steady_clock::now() + wait + Millis{1};
    // A finished send wakes the loop early (its row may have a successor).
    co_await waker_.sleep_until(deadline);
  }
  co_await tasks_.wait();
}

net::awaitable<bool> Dispatcher::save(const store::OutboxRow& row) {
  auto job = [row](store::Store& s) { return s.save_outbox(row); };
  auto saved = co_await store_.call(std::move(job));
  if (!saved) {
    spdlog::error("outbox message {} for {}: cannot save its state: {}", row.id, row.entry.target,
                  saved.error().message);
  }
  co_return saved.ok();
}

net::awaitable<void> Dispatcher::send(store::OutboxRow row) {
  const std::int64_t id = row.id;
  co_await send_one(std::move(row));
  // Not a destructor: a frame destroyed at shutdown must not touch `this`.
  in_flight_.erase(id);
  waker_.notify();
}

net::awaitable<void> Dispatcher::send_one(store::OutboxRow row) {
  const auto config = config_.get();
  const bool interrupted = row.state == store::OutboxState::sending;
  auto outcome = outcome_from_json(row.entry.payload);
  const config::Tracker* tracker = by_name(config->trackers, row.entry.target);
  const config::NotifyTarget* target = by_name(config->notify, row.entry.target);
  if (!outcome || (tracker == nullptr && target == nullptr)) {
    row.state = store::OutboxState::dead;
    row.last_error = !outcome ? outcome.error().message
                              : "target \"" + row.entry.target + "\" is no longer in the config";
    spdlog::error("outbox message {} ({} for issue {}): {}", row.id, row.entry.outcome,
                  row.entry.issue.value, row.last_error);
    ++stats_.dead;
    co_await save(row);
    co_return;
  }
  row.state = store::OutboxState::sending;
  ++row.attempts;
  if (!co_await save(row)) co_return;

  // Not a conditional expression: GCC 12 mis-destroys co_await results in `?:`.
  Result<Sent> result = make_error("notify.unsent", "not sent");
  if (tracker != nullptr) {
    result = co_await send_to_tracker(*tracker, *outcome, row, interrupted);
  } else {
    result = co_await send_to_notify(*target, *outcome, row, interrupted);
  }
  const auto now = clock_.now();
  const std::string what = row.entry.outcome + " of issue " + row.entry.issue.str() + " to " +
                           row.entry.target;
  if (result) {
    row.state = result->state;
    row.last_error = result->note;
    row.sent_at = now;
    if (row.state == store::OutboxState::sent) {
      ++stats_.sent;
      spdlog::info("outbox: sent {}{}{}", what, result->note.empty() ? "" : ": ", result->note);
    } else if (row.state == store::OutboxState::skipped) {
      ++stats_.skipped;
      spdlog::info("outbox: nothing to send for {}: {}", what, result->note);
    } else {
      ++stats_.dead;
      spdlog::error("outbox: gave up on {}: {}", what, result->note);
    }
  } else {
    const Error& error = result.error();
    const SendVerdict verdict = after_failure(error, row.attempts, now, jitter());
    // A request that left without an answer may have been acted on: the row
    // stays `sending`, so the next attempt checks before it repeats.
    const bool uncertain = error.request_sent && error.http_status == 0;
    row.next_attempt_at = verdict.next_attempt_at;
    row.last_error = error.message;
    if (verdict.state == store::OutboxState::dead) {
      row.state = store::OutboxState::dead;
      if (error.code != "notify.rejected") {
        row.last_error += " (gave up after " + std::to_string(row.attempts) + " attempts)";
      }
      ++stats_.dead;
      spdlog::error("outbox: gave up on {}: {}", what, row.last_error);
    } else {
      row.state = uncertain ? store::OutboxState::sending : store::OutboxState::pending;
      ++stats_.failures;
      spdlog::warn("outbox: {} failed (attempt {}), retrying in {} s: {}", what, row.attempts,
                   std::chrono::duration_cast<std::chrono::seconds>(verdict.next_attempt_at - now)
                       .count(),
                   error.message);
    }
  }
  co_await save(row);
}

net::awaitable<Result<std::string>> Dispatcher::tracker_issue(const config::Tracker& tracker,
                                                             const Outcome& outcome,
                                                             TrackerClient& client) {
  if (tracker.match.rfind("tag:", 0) == 0) {
    const std::string tag = tracker.match.substr(4);
    if (sentry_ == nullptr) {
      co_return make_error("notify.rejected", "match " + tracker.match + " needs a Sentry token");
    }
    auto value = co_await sentry_->latest_event_tag(outcome.issue, tag);
    // 404: no event left in retention (docs/sentry.md "Event tags"): no match.
    if (!value && value.error().code == "sentry.not_found") co_return std::string();
    if (!value) co_return value.error();
    co_return value->value_or("");
  }
  if (outcome.issue_title.empty()) co_return std::string();
  auto found = co_await client.find_open_issue(outcome.issue_title);
  if (!found) co_return found.error();
  co_return *found ? (*found)->id : std::string();
}

net::awaitable<Result<Dispatcher::Sent>> Dispatcher::send_to_tracker(
    const config::Tracker& tracker, const Outcome& outcome, store::OutboxRow& row,
    bool interrupted) {
  TrackerClient client(client_for(tracker.base_url), tracker, clock_);
  std::string issue = tracker_issue_of(row.remote_ref);
  if (issue.empty()) {
    auto found = co_await tracker_issue(tracker, outcome, client);
    if (!found) co_return found.error();
    if (found->empty()) {
      co_return Sent{store::OutboxState::skipped,
                     tracker.match == "title"
                         ? "no open issue titled like the Sentry issue in tracker project " +
                               tracker.project_id
                         : "the Sentry issue's latest event has no tag " + tracker.match.substr(4)};
    }
    issue = *found;
    row.remote_ref = issue;
  }
  if (outcome.kind == OutcomeKind::started) {
    auto current = co_await client.issue(issue);
    if (!current) co_return current.error();
    const std::string& from = current->status;
    if (from == tracker.set_status) co_return Sent{store::OutboxState::sent, "already " + from};
    if (!owlmetry::transition_allowed(from, tracker.set_status)) {
      co_return Sent{store::OutboxState::skipped,
                     "the tracker does not allow " + from + " -> " + tracker.set_status};
    }
    auto set = co_await client.set_status(issue, tracker.set_status);
    if (!set && set.error().http_status == 400) {
      // The tracker's own rules refused it; asking again changes nothing.
      co_return Sent{store::OutboxState::skipped, set.error().message};
    }
    if (!set) co_return set.error();
    co_return Sent{store::OutboxState::sent, "status " + from + " -> " + tracker.set_status};
  }
  const std::string marker = tracker_marker(outcome);
  if (interrupted || row.attempts > 1) {
    // An earlier attempt may have created the comment: find it before posting.
    auto comments = co_await client.comments(issue);
    if (!comments) co_return comments.error();
    for (const auto& comment : *comments) {
      if (tracker_comment_has_marker(comment.body, marker)) {
        row.remote_ref = issue + "/comments/" + comment.id;
        co_return Sent{store::OutboxState::sent, "found the comment an earlier attempt posted"};
      }
    }
  }
  std::string body = render_tracker_comment(outcome);
  if (body.empty()) {
    co_return Sent{store::OutboxState::skipped, "nothing to comment for " + row.entry.outcome};
  }
  auto id = co_await client.post_comment(issue, std::move(body));
  if (!id) co_return id.error();
  row.remote_ref = issue + "/comments/" + *id;
  co_return Sent{store::OutboxState::sent, ""};
}

net::awaitable<Result<Dispatcher::Sent>> Dispatcher::send_to_notify(
    const config::NotifyTarget& target, const Outcome& outcome, const store::OutboxRow& row,
    bool interrupted) {
  if (interrupted && target.kind == "slack") {
    co_return Sent{store::OutboxState::dead,
                   "interrupted after the message may have left; Slack cannot be asked whether "
                   "it arrived, so it is not sent twice"};
  }
  if (target.url_origin.empty()) {
    co_return make_error("notify.rejected", "notify " + target.name + ": no URL (url_file)");
  }
  std::string body = target.kind == "slack" ? render_slack(outcome) : render_webhook(outcome);
  sentry::HeaderList headers{{"Content-Type", "application/json"}};
  if (target.kind == "webhook") {
    headers.emplace_back("X-Autofixd-Signature", sign_webhook(target.secret, body));
    headers.emplace_back("X-Autofixd-Delivery", row.entry.event_key);
  }
  const std::string what = "notify " + target.name + ": POST " + target.url_origin;
  auto response = co_await client_for(target.url_origin)
                      .request("POST", target.url_target, std::move(body), std::move(headers));
  if (!response) {
    Error error = response.error();
    error.message = what + ": " + error.message;
    co_return error;
  }
  if (response->status < 200 || response->status > 299) {
    co_return classify_answer(what, *response, clock_.now());
  }
  co_return Sent{store::OutboxState::sent, ""};
}

sentry::HttpsClient& Dispatcher::client_for(const std::string& origin) {
  auto& client = clients_[origin];
  if (!client) {
    const auto config = config_.get();
    sentry::ClientOptions options;
    options.base_url = origin;
    // [sentry] ca_file is the one extra trust anchor for every outgoing call.
    options.ca_file = config->sentry.ca_file;
    options.connect_timeout = config->sentry.connect_timeout;
    options.request_timeout = config->sentry.request_timeout;
    options.max_idle_connections = 2;
    options.max_body_bytes = 4 * 1024 * 1024;
    client = std::make_unique<sentry::HttpsClient>(executor_, options);
  }
  return *client;
}

}  // namespace autofixd::notify
