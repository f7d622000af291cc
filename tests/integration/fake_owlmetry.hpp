#pragma once
// A fake Owlmetry (seed 003, "Issues") for tests: a real HTTPS (or plain
// HTTP) server on 127.0.0.1:<ephemeral port> with projects holding issues,
// the seed's transition table, comments, fault knobs, and a record of every
// request.
//
//   FakeOwlmetry owl;                                   // https, key "owl_k3y"
//   auto issue = owl.add_issue("proj-1", {.title = "ZeroDivisionError: division by zero"});
//   tracker.base_url = owl.base_url(); tracker.ca_file = owl.ca_file();
//   ... run the daemon ...
//   EXPECT_EQ(owl.status("proj-1", issue), "in_progress");
//   EXPECT_EQ(owl.comments("proj-1", issue).size(), 1u);
//
// Endpoints (Authorization: Bearer <key> else 401 {"error": ...}; an
// unknown project or issue 404 {"error": ...}; other paths 404):
//   GET   /v1/projects/:p/issues        {"issues": [...], "cursor": id|null, "has_more"}
//         last_seen_at newest first (then id descending); status= one of the
//         six (400 otherwise); app_id=, is_dev=true|false, data_mode=
//         production|development|all filter; limit 1..200, default 50, 400
//         outside or not a number; cursor= the id of the previous page's
//         last issue (400 when it names no issue of the project)
//   GET   /v1/projects/:p/issues/:i     the issue + "occurrences": [],
//         "occurrence_cursor": null, "occurrence_has_more": false,
//         "comments": [... oldest first], "attachments": []
//   PATCH /v1/projects/:p/issues/:i     {"status", "resolved_at_version"?}: 200 with
//         the issue; 400 for a status not settable (regressed, unknown), a
//         transition not in the table (the same status included), resolved
//         without a non-empty resolved_at_version, or a body that is not JSON.
//         Into snoozed sets snoozed_at, out of it clears it; into new or
//         in_progress clears resolved_at_version.
//   GET   /v1/projects/:p/issues/:i/comments   {"comments": [... oldest first]}
//         (the seed gives no list shape; this is the detail's "comments")
//   POST  /v1/projects/:p/issues/:i/comments   {"body": "..."} → 201 with the
//         comment, author_type "agent", author_id / author_name of the key;
//         400 when body is missing, not a string or empty
//
// Thread-safety: every public member may be called from any thread while
// the server runs. Destruction stops the server and joins its thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "integration/fake_http.hpp"
#include "integration/fake_owlmetry_model.hpp"
#include "integration/test_ca.hpp"

namespace autofixd::testing {

class FakeHttpServer;

enum class OwlRoute { list_issues, get_issue, patch_issue, list_comments, post_comment, other };

struct FakeOwlmetryOptions {
  std::string api_key = "owl_k3y";
  std::string author_name = "autofixd";  // author_name of comments posted with api_key
  bool tls = true;
  std::optional<TestCaFiles> certs{};  // server certificate; default_test_ca() when empty
};

// An issue as the test seeds it; what is left empty is made up.
struct OwlIssueSpec {
  std::string id{};  // "" = a new uuid
  std::string title = "Connection refused";
  std::string status = "new";  // any of the six, regressed included
  std::string app_id = "a0000000-0000-4000-8000-000000000001";
  std::string app_name = "iOS App";
  std::string source_module = "NetworkService";
  bool is_dev = false;
  std::int64_t occurrence_count = 42;
  std::int64_t unique_user_count = 15;
  std::optional<std::string> resolved_at_version{};
  std::string last_seen_at{};  // "" = a minute after the last issue added (so listed first)
};

class FakeOwlmetry {
 public:
  // For fail_next() and friends: the fault stays until clear_faults().
  static constexpr std::size_t kUntilCleared = std::numeric_limits<std::size_t>::max();

  explicit FakeOwlmetry(FakeOwlmetryOptions options = {});
  ~FakeOwlmetry();
  FakeOwlmetry(const FakeOwlmetry&) = delete;
  FakeOwlmetry& operator=(const FakeOwlmetry&) = delete;

  // --- where it listens ---
  std::uint16_t port() const;
  std::string base_url() const;  // "https://127.0.0.1:PORT" (or http://), no trailing slash
  std::string ca_file() const;   // CA to trust; "" for plain http
  const std::string& api_key() const;
  static std::string issues_path(std::string_view project);  // "/v1/projects/P/issues"
  static std::string issue_path(std::string_view project, std::string_view issue);
  static std::string comments_path(std::string_view project, std::string_view issue);

  // --- state ---
  // Another accepted key; comments posted with it have this author.
  void add_key(std::string key, std::string author_name);
  void add_project(std::string project);  // an empty project (add_issue() creates them too)
  std::string add_issue(const std::string& project, OwlIssueSpec spec = {});  // returns the id
  // A comment that exists before the test (author_type "user"); returns its id.
  std::string add_comment(const std::string& project, const std::string& issue, std::string body,
                          std::string author_name = "Jane Doe");
  // As Owlmetry's scan job does (regressed, snoozed → new): no transition check.
  void set_status(const std::string& project, const std::string& issue, std::string status);
  void set_last_seen(const std::string& project, const std::string& issue, std::string at);
  std::optional<OwlIssue> issue(const std::string& project, const std::string& issue) const;
  std::string status(const std::string& project, const std::string& issue) const;  // "" if none
  // Statuses set by accepted PATCHes, in order.
  std::vector<std::string> status_history(const std::string& project,
                                          const std::string& issue) const;
  std::vector<OwlComment> comments(const std::string& project, const std::string& issue) const;

  // --- faults (checked before auth, in this order: route, then any) ---
  // The next `times` requests of `route` (or of any route) get `response`,
  // and nothing is acted on.
  void fail_next(OwlRoute route, std::size_t times, FakeResponse response);
  void fail_next(std::size_t times, FakeResponse response);
  static FakeResponse unavailable();                                        // 503
  static FakeResponse too_many_requests(std::chrono::seconds retry_after);  // 429 + Retry-After
  // The next `times` requests of `route` get no answer (connection closed)
  // and nothing is acted on.
  void drop_next(OwlRoute route, std::size_t times);
  // The next `times` authorized requests of `route` are acted on (a POST
  // creates its comment, a PATCH moves the status) but the connection is
  // closed before the answer: the client cannot know what happened.
  void act_then_drop_next(OwlRoute route, std::size_t times);
  // The next `times` requests of `route` are acted on at once and answered
  // after `delay`.
  void delay_next(OwlRoute route, std::size_t times, std::chrono::milliseconds delay);
  void set_response_delay(std::chrono::milliseconds delay);  // every answer; 0 = none
  void clear_faults();                                       // every fault and delay above
  // Connections refused (open ones closed) until resume_listening(), which
  // listens on the same port again. State and records stay.
  void stop_listening();
  void resume_listening();

  // --- records (every request that arrived, faulted ones included) ---
  std::vector<RecordedRequest> requests() const;
  std::size_t count(OwlRoute route) const;
  std::size_t count(std::string_view method, std::string_view path) const;  // query ignored
  std::vector<std::string> bodies(OwlRoute route) const;
  std::size_t connections_accepted() const;
  void clear_requests();
  // Waits until `condition` (called without the fake's lock held) is true,
  // re-checking whenever a request arrives and at least every 10 ms; false
  // on time-out.
  bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds timeout) const;

  struct State;  // fake_owlmetry_state.hpp

 private:
  FakeOwlmetryOptions options_;
  std::unique_ptr<State> state_;
  std::unique_ptr<FakeHttpServer> server_;
};

// Which endpoint a request is for (by method and path).
OwlRoute owl_route_of(std::string_view method, std::string_view path);

}  // namespace autofixd::testing
