// FakeSentry's request handling: faults, auth, and the Sentry endpoints.

#include <algorithm>
#include <charconv>
#include <utility>

#include <nlohmann/json.hpp>

#include "integration/fake_sentry_state.hpp"

namespace autofixd::testing {

namespace {

using Json = nlohmann::json;

FakeResponse json_response(int status, const Json& body, Headers headers = {}) {
  return FakeResponse{status, body.dump(), std::move(headers)};
}

FakeResponse detail(int status, std::string text) {
  return json_response(status, Json{{"detail", std::move(text)}});
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr ==
            text.data() + i + 3) {
      out.push_back(static_cast<char>(value));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

// The offset in a "0:<offset>:0" cursor from the target's query, else 0.
std::size_t cursor_offset(std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return 0;
  auto at = target.find("cursor=", q);
  if (at == std::string_view::npos) return 0;
  auto value = target.substr(at + 7);
  value = value.substr(0, value.find('&'));
  std::string cursor = percent_decode(value);
  auto first = cursor.find(':');
  auto second = cursor.find(':', first + 1);
  if (first == std::string::npos || second == std::string::npos) return 0;
  auto offset = parse_id(std::string_view(cursor).substr(first + 1, second - first - 1));
  return offset ? static_cast<std::size_t>(*offset) : 0;
}

std::string link_header(const std::string& url, std::size_t offset, std::size_t size,
                        bool more) {
  auto cursor = [](std::size_t at, int previous) {
    return "0:" + std::to_string(at) + ":" + std::to_string(previous);
  };
  std::string prev = cursor(offset >= size ? offset - size : 0, 1);
  std::string next = cursor(offset + size, 0);
  return "<" + url + "?&cursor=" + prev + ">; rel=\"previous\"; results=\"" +
         (offset > 0 ? "true" : "false") + "\"; cursor=\"" + prev + "\", <" + url +
         "?&cursor=" + next + ">; rel=\"next\"; results=\"" + (more ? "true" : "false") +
         "\"; cursor=\"" + next + "\"";
}

Json note_json(const PostedNote& note) {
  return Json{{"id", note.id},
              {"user", nullptr},
              {"type", "note"},
              {"data", {{"text", note.text}}},
              {"dateCreated", "2026-01-02T00:00:00.000000Z"}};
}

}  // namespace

std::size_t FakeSentry::State::connection_accepted() {
  std::lock_guard lock(mutex);
  ++connections;
  changed.notify_all();
  return connections;
}

Handling FakeSentry::State::handle(RecordedRequest request) {
  std::lock_guard lock(mutex);
  seer_settle();
  requests.push_back(request);
  changed.notify_all();
  Handling handling;
  handling.delay = delay;
  handling.close_after = close_after_response;
  if (auto slow = delays.find({request.method, request.path});
      slow != delays.end() && !slow->second.empty()) {
    handling.delay = slow->second.front();
    slow->second.pop_front();
  }
  auto fault = faults.find({request.method, request.path});
  if (fault != faults.end() && !fault->second.empty()) {
    std::optional<FakeResponse> next = std::move(fault->second.front());
    fault->second.pop_front();
    handling.drop = !next.has_value();
    if (next) handling.response = std::move(*next);
    return handling;
  }
  if (request.header("Authorization") != "Bearer " + token) {
    handling.response = detail(401, "Invalid token");
    return handling;
  }
  handling.response = route(request);
  handling.hang = std::exchange(hang_next, false);
  return handling;
}

FakeResponse FakeSentry::State::route(const RecordedRequest& request) {
  const std::string prefix = "/api/0/organizations/" + org + "/issues/";
  std::string_view path = request.path;
  if (!path.starts_with(prefix)) return detail(404, "The requested resource does not exist");
  path.remove_prefix(prefix.size());
  if (path.empty() && request.method == "GET") return list_issues(request);
  auto slash = path.find('/');
  auto issue = parse_id(path.substr(0, slash));
  if (slash == std::string_view::npos || !issue) {
    return detail(404, "The requested resource does not exist");
  }
  return route_issue(request, *issue, path.substr(slash + 1));
}

FakeResponse FakeSentry::State::route_issue(const RecordedRequest& request, std::int64_t issue,
                                            std::string_view rest) {
  const std::string& method = request.method;
  if (rest.empty() && method == "GET") {
    if (!details(issue)) return detail(404, "The requested resource does not exist");
    auto found = details_in(issue, request);
    if (!found) return detail(404, "The requested resource does not exist");
    return FakeResponse{200, *found, {}};
  }
  const bool seer = issues[issue].seer.has_value();
  if (rest == "autofix/" && method == "GET") return seer ? seer_get(issue) : get_autofix(issue);
  if (rest == "autofix/" && method == "POST") {
    return seer ? seer_post(request, issue) : post_autofix(issue);
  }
  if (rest == "autofix/setup/" && method == "GET") {
    return FakeResponse{200, autofix_setup_json(issues[issue].setup), {}};
  }
  if ((rest == "events/latest/" || rest == "events/oldest/" || rest == "events/recommended/") &&
      method == "GET") {
    return get_event(issue);
  }
  if (rest == "comments/" && method == "GET") return get_comments(request, issue);
  if (rest == "comments/" && method == "POST") return post_comment(request, issue);
  if (rest.empty() || rest == "autofix/" || rest == "comments/" || rest == "autofix/setup/") {
    return detail(405, "Method \"" + method + "\" not allowed.");
  }
  return detail(404, "The requested resource does not exist");
}

// group_details.py: get_environments() raises ResourceDoesNotExist for a
// name the organization has never seen; GroupSerializerSnuba scopes
// userCount and the tsdb stats to the environments; count is overwritten
// with the global times_seen.
std::optional<std::string> FakeSentry::State::details_in(std::int64_t issue,
                                                         const RecordedRequest& request) {
  std::vector<std::string> names;
  std::string_view query = request.target;
  const auto mark = query.find('?');
  query = mark == std::string_view::npos ? std::string_view{} : query.substr(mark + 1);
  while (!query.empty()) {
    auto param = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), param.size() + 1));
    if (param.starts_with("environment=")) names.emplace_back(param.substr(12));
  }
  auto body = details(issue);
  if (names.empty() || !body) return body;
  const auto& mine = issues[issue].environments;
  std::int64_t events = 0;
  std::int64_t users = 0;
  for (const std::string& name : names) {
    const bool known = std::any_of(issues.begin(), issues.end(),
                                   [&](const auto& i) { return i.second.environments.contains(name); });
    if (!known) return std::nullopt;
    if (auto it = mine.find(name); it != mine.end()) {
      events += it->second.events_30d;
      users += it->second.users;
    }
  }
  Json j = Json::parse(*body);
  j["userCount"] = users;
  // Daily buckets; the events fall on the last day.
  Json buckets = Json::array();
  for (int day = 0; day < 30; ++day) {
    buckets.push_back(Json::array({1'700'000'000 + day * 86'400, day == 29 ? events : 0}));
  }
  j["stats"] = Json{{"24h", Json::array()}, {"30d", std::move(buckets)}};
  return j.dump();
}

// Every issue with details, in one page (the sweep's list), whatever the
// project parameter (project=-1 is "all projects I have access to"); with
// group=ID parameters only those issues, the query ignored (as Sentry does).
FakeResponse FakeSentry::State::list_issues(const RecordedRequest& request) {
  std::vector<std::int64_t> groups;
  std::string_view query = request.target;
  const auto mark = query.find('?');
  query = mark == std::string_view::npos ? std::string_view{} : query.substr(mark + 1);
  while (!query.empty()) {
    auto param = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), param.size() + 1));
    if (param.starts_with("group=")) {
      if (auto id = parse_id(param.substr(6))) groups.push_back(*id);
    }
  }
  std::string body = "[";
  for (const auto& [id, issue] : issues) {
    if (!issue.details_json) continue;
    if (!groups.empty() && std::find(groups.begin(), groups.end(), id) == groups.end()) continue;
    if (body.size() > 1) body += ",";
    body += *details(id);
  }
  return FakeResponse{200, body + "]", {}};
}

FakeResponse FakeSentry::State::get_autofix(std::int64_t issue) {
  FakeIssue& state = issues[issue];
  bool waiting = state.script_only_after_start && !state.started;
  if (!state.autofix_script.empty() && !waiting) {
    std::size_t at = std::min(state.autofix_next, state.autofix_script.size() - 1);
    state.autofix_next = at + 1;
    return FakeResponse{200, state.autofix_script[at], {}};
  }
  if (!state.started) return FakeResponse{200, state.before_start.value_or(autofix_null_json()), {}};
  return FakeResponse{200, legacy_autofix_json({.run_id = state.run_id}), {}};
}

FakeResponse FakeSentry::State::post_autofix(std::int64_t issue) {
  FakeIssue& state = issues[issue];
  if (state.start_response) {
    if (state.start_response->status / 100 == 2) state.started = true;
    return *state.start_response;
  }
  state.started = true;
  state.run_id = next_run_id++;
  return FakeResponse{202, start_response_json(state.run_id), {}};
}

FakeResponse FakeSentry::State::get_comments(const RecordedRequest& request, std::int64_t issue) {
  const auto& notes = issues[issue].notes;
  std::size_t offset = cursor_offset(request.target);
  Json page = Json::array();
  for (std::size_t i = offset; i < notes.size() && page.size() < comment_page_size; ++i) {
    page.push_back(note_json(notes[notes.size() - 1 - i]));  // newest first
  }
  bool more = offset + comment_page_size < notes.size();
  return json_response(200, page,
                       {{"Link", link_header(base_url + request.path, offset,
                                             comment_page_size, more)}});
}

FakeResponse FakeSentry::State::post_comment(const RecordedRequest& request, std::int64_t issue) {
  Json body = Json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("text") || !body["text"].is_string()) {
    return json_response(400, Json{{"text", {"This field is required."}}});
  }
  std::string text = body["text"].get<std::string>();
  for (const auto& note : issues[issue].notes) {
    if (note.text == text) return detail(400, "You have already posted that comment.");
  }
  add_note(issue, std::move(text));
  return json_response(201, note_json(issues[issue].notes.back()));
}

std::string FakeSentry::State::add_note(std::int64_t issue, std::string text) {
  std::string id = std::to_string(next_note_id++);
  issues[issue].notes.push_back(PostedNote{id, std::move(text)});
  return id;
}

}  // namespace autofixd::testing
