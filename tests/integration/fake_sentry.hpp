#pragma once
// A fake Sentry for tests: a real HTTPS (or plain HTTP) server on
// 127.0.0.1:<ephemeral port>, on its own io_context and thread, serving the
// organization-scoped endpoints autofixd calls, with programmable state per
// issue, fault knobs, and a record of every request.
//
//   FakeSentry fake({.token = "t0k", .org = "acme", .tls = true});
//   fake.set_issue(42, issue_json({.id = 42}));
//   fake.script_autofix(42, {agent_autofix_json({.run_id = 777}), ...});
//   fake.set_start_response(42, 202, R"({"run_id":777})");
//   config.sentry.base_url = fake.base_url(); config.sentry.ca_file = fake.ca_file();
//
// Endpoints (any issue id; a wrong org answers 404, a wrong token 401):
//   GET  /api/0/organizations/{org}/issues/?query=...       every set_issue() JSON, one page
//        (project=-1 or any project: all of them; group=ID repeated: only those)
//   GET  /api/0/organizations/{org}/issues/{id}/            set_issue() JSON, else 404; with
//        seerAutofixLastTriggered / seerExplorerAutofixLastTriggered as Seer runs set them;
//        with environment=NAME (repeatable), as Sentry's group_details.py: userCount and
//        stats["30d"] are those environments' (set_issue_environment()), count stays the
//        all-environment total, and a name no issue has is 404
//   POST /api/0/organizations/{org}/issues/{id}/autofix/    set_start_response(), else
//                                                           202 {"run_id": <next id>}
//   GET  /api/0/organizations/{org}/issues/{id}/autofix/    script_autofix() states in
//        order, the last repeating; unscripted: {"autofix": null} until started, then
//        a PROCESSING state
//   POST /api/0/organizations/{org}/issues/{id}/comments/   201 note with a new id; the
//        same text twice → 400 "You have already posted that comment."
//   GET  /api/0/organizations/{org}/issues/{id}/comments/   notes newest first, paged
//        with Sentry's Link header (set_comment_page_size())
//   GET  /api/0/organizations/{org}/issues/{id}/autofix/setup/  set_autofix_setup(), else
//        everything ready
//   GET  /api/0/organizations/{org}/issues/{id}/events/{latest|oldest|recommended}/
//        the issue's one event (set_latest_event_tags()) in the shape of Sentry's
//        group_event_details.py: "tags" [{"key","value"}] sorted by key; an issue
//        without set_issue() 404 "The requested resource does not exist", one
//        without events 404 "No matching event found. ..." (docs/sentry.md §Event tags)
//
// Seer (opt-in per issue with enable_seer(); fake_sentry_seer_model.hpp says
// what it follows): POST autofix starts a run ({"run_id", "sentry_run_id"})
// or, with run_id / sentry_run_id + step, continues one; GET autofix shows
// the issue's latest run in the agent shape, one phase per GET, the last
// repeating. set_start_response() and script_autofix() do not apply then.
//
// Thread-safety: every public member may be called from any thread while
// the server runs. Destruction stops the server and joins its thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "integration/fake_http.hpp"
#include "integration/fake_sentry_json.hpp"
#include "integration/fake_sentry_seer_json.hpp"
#include "integration/fake_sentry_seer_options.hpp"
#include "integration/test_ca.hpp"

namespace autofixd::testing {

struct PostedNote {
  std::string id;
  std::string text;
};

struct FakeSentryOptions {
  std::string token = "t0k";
  std::string org = "acme";
  bool tls = true;
  // Server certificate; default_test_ca() when empty.
  std::optional<TestCaFiles> certs{};
};

class FakeSentry {
 public:
  explicit FakeSentry(FakeSentryOptions options = {});
  ~FakeSentry();
  FakeSentry(const FakeSentry&) = delete;
  FakeSentry& operator=(const FakeSentry&) = delete;

  // --- where it listens ---
  std::uint16_t port() const;
  std::string base_url() const;                         // "https://127.0.0.1:PORT"
  std::string base_url_for(std::string_view host) const;  // same port, another host name
  std::string ca_file() const;                          // CA to trust; "" for plain http
  const std::string& token() const;
  const std::string& org() const;
  std::string issue_path(std::int64_t issue) const;     // "/api/0/organizations/acme/issues/42/"
  std::string autofix_path(std::int64_t issue) const;   // ".../issues/42/autofix/"
  std::string comments_path(std::int64_t issue) const;  // ".../issues/42/comments/"
  std::string latest_event_path(std::int64_t issue) const;  // ".../issues/42/events/latest/"

  // --- state per issue ---
  void set_issue(std::int64_t issue, std::string json);
  // What the issue has seen in one environment (details with environment=).
  void set_issue_environment(std::int64_t issue, std::string environment,
                             std::int64_t events_30d, std::int64_t users);
  // GET autofix answers these bodies in order, the last one repeating. With
  // only_after_start, GETs before a successful POST answer {"autofix": null}
  // without consuming the script.
  void script_autofix(std::int64_t issue, std::vector<std::string> bodies,
                      bool only_after_start = false);
  // What GET autofix answers before a successful POST instead of
  // {"autofix": null}: an older run someone else triggered.
  void set_autofix_before_start(std::int64_t issue, std::string body);
  // Every POST autofix for `issue` answers this (a 2xx marks it started).
  void set_start_response(std::int64_t issue, int status, std::string body,
                          Headers headers = {});
  // The issue has an event (its latest) carrying these tags (key, value), in
  // any order; again: replaces them.
  void set_latest_event_tags(std::int64_t issue,
                             std::vector<std::pair<std::string, std::string>> tags);
  // A note that exists before the test (oldest first order); returns its id.
  std::string add_comment(std::int64_t issue, std::string text);
  std::vector<PostedNote> comments(std::int64_t issue) const;  // oldest first
  void set_comment_page_size(std::size_t size);               // default 100
  bool autofix_started(std::int64_t issue) const;

  // --- faults ---
  // The next `times` requests with this method and path (no query) get
  // `response` instead of the normal answer.
  void fail_next(std::string method, std::string path, std::size_t times, FakeResponse response);
  // The next `times` such requests get no answer: the connection is closed.
  void drop_next(std::string method, std::string path, std::size_t times);
  // Every answer waits this long first (0 = none).
  void set_response_delay(std::chrono::milliseconds delay);
  // The next `times` requests with this method and path are acted on at once
  // but answered only after `delay` (the caller may give up first).
  void delay_next(std::string method, std::string path, std::size_t times,
                  std::chrono::milliseconds delay);
  // Close each connection right after its response (though keep-alive was
  // announced), as servers do with idle keep-alive connections.
  void set_close_after_response(bool close);

  // --- Seer (fake_sentry_seer_api.cpp) ---
  // Seer's run model answers POST and GET autofix for `issue` from now on;
  // again: new options, the runs stay.
  void enable_seer(std::int64_t issue, SeerOptions options = {});
  // A run Sentry's automation or a person started: the issue's latest run
  // from now on, its trigger stamped on the issue. Enables Seer for `issue`
  // if needed. Returns its run id.
  std::int64_t start_run_elsewhere(std::int64_t issue, ElsewhereRun run = {});
  std::int64_t start_run_elsewhere(std::int64_t issue, std::string stopping_point,
                                   std::chrono::minutes ago, std::string status);
  // The next start POST is never answered (the connection is held until the
  // client closes it, at most 60 s); its run appears `act_after` after the
  // POST arrived. Enables Seer for `issue` if needed.
  void act_then_hang(std::int64_t issue, std::chrono::milliseconds act_after);
  // The next start POST answers `status` and `body`; with `acted` its run is
  // created anyway (e.g. a 502 after acting), else nothing is created.
  void fail_start(std::int64_t issue, int status, std::string body, bool acted);
  // GET .../autofix/setup/ for `issue` (any issue, Seer enabled or not). With
  // has_quota false a Seer start POST also answers 402.
  void set_autofix_setup(std::int64_t issue, AutofixSetupSpec setup);
  // Runs of `issue` in creation order (started by POST or elsewhere).
  std::vector<SeerRunInfo> seer_runs(std::int64_t issue) const;
  std::size_t seer_runs_created(std::int64_t issue) const;
  std::vector<std::int64_t> seer_run_ids(std::int64_t issue) const;
  // POST autofix requests of `issue`: starts carry neither run_id nor
  // sentry_run_id; continuations carry one of them. Any issue.
  std::vector<RecordedRequest> start_posts(std::int64_t issue) const;
  std::vector<RecordedRequest> continuation_posts(std::int64_t issue) const;
  std::vector<std::string> start_post_bodies(std::int64_t issue) const;
  std::vector<std::string> continuation_post_bodies(std::int64_t issue) const;
  // Targets (query included) of every GET of the issue list, in order.
  std::vector<std::string> issue_list_targets() const;

  // --- records ---
  std::vector<RecordedRequest> requests() const;
  std::size_t request_count() const;
  // Requests with this method and path (query ignored).
  std::size_t count(std::string_view method, std::string_view path) const;
  // Bodies of those requests, in order.
  std::vector<std::string> bodies(std::string_view method, std::string_view path) const;
  std::size_t connections_accepted() const;
  void clear_requests();
  // Waits until `condition` (called without the fake's lock held, so it may
  // call the accessors above) is true, re-checking whenever a request
  // arrives and at least every 10 ms; false on time-out.
  bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds timeout) const;

  struct State;   // programmable state and records (fake_sentry_state.cpp)
  class Server;   // the network side (fake_sentry_server.cpp)

 private:
  FakeSentryOptions options_;
  std::unique_ptr<State> state_;
  std::unique_ptr<Server> server_;
};

}  // namespace autofixd::testing
