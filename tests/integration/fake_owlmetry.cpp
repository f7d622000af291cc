// FakeOwlmetry's public side: construction, seeding, faults and records.
// Request handling is in fake_owlmetry_routes.cpp.

#include "integration/fake_owlmetry.hpp"

#include <algorithm>
#include <stdexcept>

#include "integration/fake_owlmetry_state.hpp"

namespace autofixd::testing {

FakeOwlmetry::FakeOwlmetry(FakeOwlmetryOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>()) {
  if (options_.tls && !options_.certs) options_.certs = default_test_ca();
  if (!options_.tls) options_.certs.reset();
  add_key(options_.api_key, options_.author_name);
  server_ = std::make_unique<FakeHttpServer>(
      [state = state_.get()](RecordedRequest request) { return state->handle(std::move(request)); },
      options_.certs, "fake-owlmetry");
}

FakeOwlmetry::~FakeOwlmetry() { server_.reset(); }

std::uint16_t FakeOwlmetry::port() const { return server_->port(); }
std::string FakeOwlmetry::base_url() const { return server_->base_url(); }
std::string FakeOwlmetry::ca_file() const { return server_->ca_file(); }
const std::string& FakeOwlmetry::api_key() const { return options_.api_key; }

std::string FakeOwlmetry::issues_path(std::string_view project) {
  return "/v1/projects/" + std::string(project) + "/issues";
}
std::string FakeOwlmetry::issue_path(std::string_view project, std::string_view issue) {
  return issues_path(project) + "/" + std::string(issue);
}
std::string FakeOwlmetry::comments_path(std::string_view project, std::string_view issue) {
  return issue_path(project, issue) + "/comments";
}

void FakeOwlmetry::add_key(std::string key, std::string author_name) {
  std::lock_guard lock(state_->mutex);
  state_->keys[std::move(key)] = OwlKey{state_->new_id(), std::move(author_name)};
}

void FakeOwlmetry::add_project(std::string project) {
  std::lock_guard lock(state_->mutex);
  state_->projects[std::move(project)];
}

std::string FakeOwlmetry::add_issue(const std::string& project, OwlIssueSpec spec) {
  std::lock_guard lock(state_->mutex);
  OwlIssue issue;
  issue.id = spec.id.empty() ? state_->new_id() : spec.id;
  issue.project_id = project;
  issue.app_id = spec.app_id;
  issue.app_name = spec.app_name;
  issue.status = spec.status;
  issue.title = spec.title;
  issue.source_module = spec.source_module;
  issue.is_dev = spec.is_dev;
  issue.occurrence_count = spec.occurrence_count;
  issue.unique_user_count = spec.unique_user_count;
  issue.resolved_at_version = spec.resolved_at_version;
  state_->last_seen_seconds += 60;
  issue.last_seen_at =
      spec.last_seen_at.empty() ? owl_time(state_->last_seen_seconds) : spec.last_seen_at;
  issue.first_seen_at = issue.created_at = owl_time(1'705'312'800);
  issue.updated_at = issue.last_seen_at;
  if (issue.status == "snoozed") issue.snoozed_at = issue.last_seen_at;
  const std::string id = issue.id;
  state_->projects[project][id] = OwlStoredIssue{std::move(issue), {}, {}};
  return id;
}

std::string FakeOwlmetry::add_comment(const std::string& project, const std::string& issue,
                                      std::string body, std::string author_name) {
  std::lock_guard lock(state_->mutex);
  OwlStoredIssue* found = state_->find(project, issue);
  if (!found) throw std::invalid_argument("add_comment: no issue " + issue + " in " + project);
  OwlStoredIssue& stored = *found;
  const std::string now = owl_now();
  stored.comments.push_back(OwlComment{state_->new_id(), issue, "user", state_->new_id(),
                                       std::move(author_name), std::move(body), now, now});
  return stored.comments.back().id;
}

void FakeOwlmetry::set_status(const std::string& project, const std::string& issue,
                              std::string status) {
  std::lock_guard lock(state_->mutex);
  if (auto* stored = state_->find(project, issue)) {
    if (status == "snoozed") stored->issue.snoozed_at = owl_now();
    if (status != "snoozed") stored->issue.snoozed_at.reset();
    stored->issue.status = std::move(status);
  }
}

void FakeOwlmetry::set_last_seen(const std::string& project, const std::string& issue,
                                 std::string at) {
  std::lock_guard lock(state_->mutex);
  if (auto* stored = state_->find(project, issue)) stored->issue.last_seen_at = std::move(at);
}

std::optional<OwlIssue> FakeOwlmetry::issue(const std::string& project,
                                            const std::string& issue) const {
  std::lock_guard lock(state_->mutex);
  const auto* stored = state_->find(project, issue);
  return stored ? std::optional<OwlIssue>(stored->issue) : std::nullopt;
}

std::string FakeOwlmetry::status(const std::string& project, const std::string& issue) const {
  auto found = this->issue(project, issue);
  return found ? found->status : "";
}

std::vector<std::string> FakeOwlmetry::status_history(const std::string& project,
                                                      const std::string& issue) const {
  std::lock_guard lock(state_->mutex);
  const auto* stored = state_->find(project, issue);
  return stored ? stored->status_history : std::vector<std::string>{};
}

std::vector<OwlComment> FakeOwlmetry::comments(const std::string& project,
                                               const std::string& issue) const {
  std::lock_guard lock(state_->mutex);
  const auto* stored = state_->find(project, issue);
  return stored ? stored->comments : std::vector<OwlComment>{};
}

void FakeOwlmetry::fail_next(OwlRoute route, std::size_t times, FakeResponse response) {
  std::lock_guard lock(state_->mutex);
  if (times > 0) state_->route_faults[route].push_back(OwlFault{times, std::move(response)});
}

void FakeOwlmetry::fail_next(std::size_t times, FakeResponse response) {
  std::lock_guard lock(state_->mutex);
  if (times > 0) state_->any_faults.push_back(OwlFault{times, std::move(response)});
}

FakeResponse FakeOwlmetry::unavailable() {
  return FakeResponse{503, owl_error_json("Service Unavailable").dump(), {}};
}

FakeResponse FakeOwlmetry::too_many_requests(std::chrono::seconds retry_after) {
  return FakeResponse{
      429,
      owl_error_json("Too Many Requests").dump(),
      {{"Content-Type", "application/json"}, {"Retry-After", std::to_string(retry_after.count())}}};
}

void FakeOwlmetry::drop_next(OwlRoute route, std::size_t times) {
  std::lock_guard lock(state_->mutex);
  if (times > 0) state_->route_faults[route].push_back(OwlFault{times, std::nullopt});
}

void FakeOwlmetry::act_then_drop_next(OwlRoute route, std::size_t times) {
  std::lock_guard lock(state_->mutex);
  state_->act_then_drop[route] += times;
}

void FakeOwlmetry::delay_next(OwlRoute route, std::size_t times, std::chrono::milliseconds delay) {
  std::lock_guard lock(state_->mutex);
  for (std::size_t i = 0; i < times; ++i) state_->delays[route].push_back(delay);
}

void FakeOwlmetry::set_response_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(state_->mutex);
  state_->delay = delay;
}

void FakeOwlmetry::clear_faults() {
  std::lock_guard lock(state_->mutex);
  state_->route_faults.clear();
  state_->any_faults.clear();
  state_->act_then_drop.clear();
  state_->delays.clear();
  state_->delay = std::chrono::milliseconds(0);
}

void FakeOwlmetry::stop_listening() { server_->stop_listening(); }
void FakeOwlmetry::resume_listening() { server_->resume_listening(); }

std::vector<RecordedRequest> FakeOwlmetry::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::size_t FakeOwlmetry::count(OwlRoute route) const {
  std::lock_guard lock(state_->mutex);
  return static_cast<std::size_t>(std::count_if(
      state_->requests.begin(), state_->requests.end(),
      [&](const RecordedRequest& r) { return owl_route_of(r.method, r.path) == route; }));
}

std::size_t FakeOwlmetry::count(std::string_view method, std::string_view path) const {
  std::lock_guard lock(state_->mutex);
  return static_cast<std::size_t>(std::count_if(
      state_->requests.begin(), state_->requests.end(),
      [&](const RecordedRequest& r) { return r.method == method && r.path == path; }));
}

std::vector<std::string> FakeOwlmetry::bodies(OwlRoute route) const {
  std::lock_guard lock(state_->mutex);
  std::vector<std::string> out;
  for (const auto& r : state_->requests) {
    if (owl_route_of(r.method, r.path) == route) out.push_back(r.body);
  }
  return out;
}

std::size_t FakeOwlmetry::connections_accepted() const { return server_->connections_accepted(); }

void FakeOwlmetry::clear_requests() {
  std::lock_guard lock(state_->mutex);
  state_->requests.clear();
}

bool FakeOwlmetry::wait_for(const std::function<bool()>& condition,
                            std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::unique_lock lock(state_->mutex);
    state_->changed.wait_until(lock, std::min(deadline, now + std::chrono::milliseconds(10)));
  }
  return true;
}

}  // namespace autofixd::testing
