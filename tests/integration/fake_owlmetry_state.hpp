#pragma once
// FakeOwlmetry's state, faults and request log, shared by the public
// accessors (any thread) and the server thread. Internal to FakeOwlmetry.

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "integration/fake_http_server.hpp"
#include "integration/fake_owlmetry.hpp"

namespace autofixd::testing {

struct OwlKey {
  std::string author_id;
  std::string author_name;
};

struct OwlStoredIssue {
  OwlIssue issue;
  std::vector<OwlComment> comments;  // oldest first
  std::vector<std::string> status_history;
};

// A queued fault: `remaining` more requests get `response`, or (nullopt)
// no answer at all.
struct OwlFault {
  std::size_t remaining = 0;
  std::optional<FakeResponse> response;
};

struct FakeOwlmetry::State {
  // Records `request`, applies faults and auth, acts. Server thread.
  Reply handle(RecordedRequest request);

  // With `mutex` held (fake_owlmetry_routes.cpp).
  FakeResponse route(const RecordedRequest& request, OwlRoute route, const OwlKey& key);
  FakeResponse list_issues(const RecordedRequest& request, const std::string& project);
  FakeResponse patch_issue(const RecordedRequest& request, OwlStoredIssue& stored);
  FakeResponse post_comment(const RecordedRequest& request, OwlStoredIssue& stored,
                            const OwlKey& key);
  OwlStoredIssue* find(const std::string& project, const std::string& issue);
  std::string new_id();  // a uuid, unique within this fake

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::map<std::string, OwlKey> keys;  // Bearer key → author
  // project → issue id → issue
  std::map<std::string, std::map<std::string, OwlStoredIssue>> projects;
  std::int64_t next_id = 1;
  std::int64_t last_seen_seconds = 1'705'312'800;  // 2024-01-15T10:00:00Z
  std::map<OwlRoute, std::deque<OwlFault>> route_faults;
  std::deque<OwlFault> any_faults;
  std::map<OwlRoute, std::size_t> act_then_drop;
  std::map<OwlRoute, std::deque<std::chrono::milliseconds>> delays;
  std::chrono::milliseconds delay{0};
  std::vector<RecordedRequest> requests;
};

}  // namespace autofixd::testing
