#pragma once
// FakeSentry's programmable state and request log, shared by the public
// accessors (any thread) and the server thread. Internal to FakeSentry.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "integration/fake_sentry.hpp"
#include "integration/fake_sentry_seer_model.hpp"

namespace autofixd::testing {

// What the server does with one request.
struct Handling {
  bool drop = false;  // close the connection without answering
  bool hang = false;  // never answer; close when the client does (at most 60 s)
  FakeResponse response;
  std::chrono::milliseconds delay{0};
  bool close_after = false;
};

struct FakeIssue {
  std::optional<std::string> details_json;
  std::vector<std::string> autofix_script;
  std::size_t autofix_next = 0;
  bool script_only_after_start = false;
  bool started = false;
  std::optional<std::string> before_start;  // GET autofix until started; else null
  std::int64_t run_id = 0;  // of the default start response
  std::optional<FakeResponse> start_response;
  std::vector<PostedNote> notes;  // oldest first
  std::optional<SeerIssue> seer;  // enable_seer(): the Seer model answers autofix
  AutofixSetupSpec setup{};
  std::optional<SysClock::time_point> last_triggered;           // seerAutofixLastTriggered
  std::optional<SysClock::time_point> explorer_last_triggered;  // seerExplorerAutofixLastTriggered
  struct InEnvironment {
    std::int64_t events_30d = 0;
    std::int64_t users = 0;
  };
  std::map<std::string, InEnvironment> environments;
  // set_latest_event_tags(): the issue has one event with these tags.
  std::optional<std::vector<std::pair<std::string, std::string>>> event_tags;
};

struct FakeSentry::State {
  State(std::string token_, std::string org_) : token(std::move(token_)), org(std::move(org_)) {}

  // Records `request` and decides the answer. Server thread; takes the lock.
  Handling handle(RecordedRequest request);
  std::size_t connection_accepted();  // returns the new connection's number

  // The routes; called with `mutex` held.
  FakeResponse route(const RecordedRequest& request);
  // Issue details as seen in the request's environment= names; nullopt
  // when a name is unknown to the organization (404).
  std::optional<std::string> details_in(std::int64_t issue, const RecordedRequest& request);
  FakeResponse route_issue(const RecordedRequest& request, std::int64_t issue,
                           std::string_view rest);
  FakeResponse get_autofix(std::int64_t issue);
  FakeResponse list_issues(const RecordedRequest& request);
  FakeResponse post_autofix(std::int64_t issue);
  std::optional<std::string> details(std::int64_t issue);  // with the trigger stamps

  // Seer (fake_sentry_seer.cpp, fake_sentry_seer_post.cpp); `mutex` held.
  FakeResponse seer_get(std::int64_t issue);
  FakeResponse seer_post(const RecordedRequest& request, std::int64_t issue);
  FakeResponse seer_start(const RecordedRequest& request, std::int64_t issue,
                          const std::string& step, const std::string& stopping_point);
  FakeResponse seer_continue(std::int64_t issue, SeerRun& run, const std::string& step,
                             const nlohmann::json& body);
  SeerRun& seer_create_run(std::int64_t issue, const std::string& stopping_point,
                           const std::string& step, bool by_post, SysClock::time_point at);
  SeerRun* seer_find_run(std::int64_t issue, std::int64_t run_id);
  SeerRun* seer_find_uuid(std::int64_t issue, const std::string& uuid);
  SeerRun* seer_latest(std::int64_t issue);
  void seer_settle();  // creates the runs of hung start POSTs that are due
  bool hang_next = false;  // set by a route: the server must not answer
  std::uint64_t trigger_sequence = 0;
  FakeResponse get_event(std::int64_t issue);  // fake_sentry_events.cpp
  FakeResponse get_comments(const RecordedRequest& request, std::int64_t issue);
  FakeResponse post_comment(const RecordedRequest& request, std::int64_t issue);
  std::string add_note(std::int64_t issue, std::string text);

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  const std::string token;
  const std::string org;
  std::string base_url;  // for the Link header, set once listening
  std::map<std::int64_t, FakeIssue> issues;
  // (method, path) → queued faults; nullopt = drop the connection.
  std::map<std::pair<std::string, std::string>, std::deque<std::optional<FakeResponse>>> faults;
  std::chrono::milliseconds delay{0};
  // (method, path) → delays for the next answers (delay_next()).
  std::map<std::pair<std::string, std::string>, std::deque<std::chrono::milliseconds>> delays;
  bool close_after_response = false;
  std::size_t comment_page_size = 100;
  std::int64_t next_run_id = 1000;
  std::int64_t next_note_id = 5000;
  std::vector<RecordedRequest> requests;
  std::size_t connections = 0;
};

}  // namespace autofixd::testing
