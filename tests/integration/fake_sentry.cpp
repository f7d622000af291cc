// FakeSentry's public accessors: state, faults and records. The network
// side (constructor, listening) is in fake_sentry_server.cpp.

#include "integration/fake_sentry.hpp"

#include <algorithm>

#include "integration/fake_sentry_state.hpp"

namespace autofixd::testing {

const std::string& FakeSentry::token() const { return options_.token; }
const std::string& FakeSentry::org() const { return options_.org; }

std::string FakeSentry::issue_path(std::int64_t issue) const {
  return "/api/0/organizations/" + options_.org + "/issues/" + std::to_string(issue) + "/";
}
std::string FakeSentry::autofix_path(std::int64_t issue) const {
  return issue_path(issue) + "autofix/";
}
std::string FakeSentry::comments_path(std::int64_t issue) const {
  return issue_path(issue) + "comments/";
}

std::string FakeSentry::latest_event_path(std::int64_t issue) const {
  return issue_path(issue) + "events/latest/";
}

void FakeSentry::set_latest_event_tags(std::int64_t issue,
                                       std::vector<std::pair<std::string, std::string>> tags) {
  std::lock_guard lock(state_->mutex);
  state_->issues[issue].event_tags = std::move(tags);
}

void FakeSentry::set_issue(std::int64_t issue, std::string json) {
  std::lock_guard lock(state_->mutex);
  state_->issues[issue].details_json = std::move(json);
}

void FakeSentry::set_issue_environment(std::int64_t issue, std::string environment,
                                       std::int64_t events_30d, std::int64_t users) {
  std::lock_guard lock(state_->mutex);
  state_->issues[issue].environments[std::move(environment)] = {events_30d, users};
}

void FakeSentry::script_autofix(std::int64_t issue, std::vector<std::string> bodies,
                                bool only_after_start) {
  std::lock_guard lock(state_->mutex);
  auto& state = state_->issues[issue];
  state.autofix_script = std::move(bodies);
  state.autofix_next = 0;
  state.script_only_after_start = only_after_start;
}

void FakeSentry::set_autofix_before_start(std::int64_t issue, std::string body) {
  std::lock_guard lock(state_->mutex);
  state_->issues[issue].before_start = std::move(body);
}

void FakeSentry::set_start_response(std::int64_t issue, int status, std::string body,
                                    Headers headers) {
  std::lock_guard lock(state_->mutex);
  state_->issues[issue].start_response = FakeResponse{status, std::move(body), std::move(headers)};
}

std::string FakeSentry::add_comment(std::int64_t issue, std::string text) {
  std::lock_guard lock(state_->mutex);
  return state_->add_note(issue, std::move(text));
}

std::vector<PostedNote> FakeSentry::comments(std::int64_t issue) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->issues.find(issue);
  return it == state_->issues.end() ? std::vector<PostedNote>{} : it->second.notes;
}

void FakeSentry::set_comment_page_size(std::size_t size) {
  std::lock_guard lock(state_->mutex);
  state_->comment_page_size = std::max<std::size_t>(size, 1);
}

bool FakeSentry::autofix_started(std::int64_t issue) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->issues.find(issue);
  return it != state_->issues.end() && it->second.started;
}

void FakeSentry::fail_next(std::string method, std::string path, std::size_t times,
                           FakeResponse response) {
  std::lock_guard lock(state_->mutex);
  auto& queue = state_->faults[{std::move(method), std::move(path)}];
  for (std::size_t i = 0; i < times; ++i) queue.emplace_back(response);
}

void FakeSentry::drop_next(std::string method, std::string path, std::size_t times) {
  std::lock_guard lock(state_->mutex);
  auto& queue = state_->faults[{std::move(method), std::move(path)}];
  for (std::size_t i = 0; i < times; ++i) queue.emplace_back(std::nullopt);
}

void FakeSentry::set_response_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(state_->mutex);
  state_->delay = delay;
}

void FakeSentry::delay_next(std::string method, std::string path, std::size_t times,
                            std::chrono::milliseconds delay) {
  std::lock_guard lock(state_->mutex);
  auto& queue = state_->delays[{std::move(method), std::move(path)}];
  for (std::size_t i = 0; i < times; ++i) queue.push_back(delay);
}

void FakeSentry::set_close_after_response(bool close) {
  std::lock_guard lock(state_->mutex);
  state_->close_after_response = close;
}

std::vector<RecordedRequest> FakeSentry::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::size_t FakeSentry::request_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests.size();
}

std::size_t FakeSentry::count(std::string_view method, std::string_view path) const {
  std::lock_guard lock(state_->mutex);
  return static_cast<std::size_t>(
      std::count_if(state_->requests.begin(), state_->requests.end(),
                    [&](const RecordedRequest& r) { return r.method == method && r.path == path; }));
}

std::vector<std::string> FakeSentry::bodies(std::string_view method, std::string_view path) const {
  std::lock_guard lock(state_->mutex);
  std::vector<std::string> out;
  for (const auto& r : state_->requests) {
    if (r.method == method && r.path == path) out.push_back(r.body);
  }
  return out;
}

std::size_t FakeSentry::connections_accepted() const {
  std::lock_guard lock(state_->mutex);
  return state_->connections;
}

void FakeSentry::clear_requests() {
  std::lock_guard lock(state_->mutex);
  state_->requests.clear();
}

bool FakeSentry::wait_for(const std::function<bool()>& condition,
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
