// FakeOwlmetry's request handling: faults, Bearer auth, and the issue
// endpoints of seed 003.

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>
#include <variant>

#include "integration/fake_owlmetry_state.hpp"

namespace autofixd::testing {

namespace {

using Json = nlohmann::json;

struct Parts {
  std::string project;
  std::string issue;  // "" for the list
};

// "/v1/projects/P/issues[/I[/comments]]" split into its segments.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.starts_with('/')) return out;
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool issue_path_shape(const std::vector<std::string_view>& s) {
  return s.size() >= 4 && s[0] == "v1" && s[1] == "projects" && s[3] == "issues" &&
         std::none_of(s.begin(), s.end(), [](std::string_view part) { return part.empty(); });
}

Parts parts_of(std::string_view path) {
  auto s = segments(path);
  return Parts{std::string(s[2]), s.size() > 4 ? std::string(s[4]) : std::string()};
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

// The last value of query parameter `name`, decoded.
std::optional<std::string> query_param(std::string_view target, std::string_view name) {
  const auto mark = target.find('?');
  if (mark == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(mark + 1);
  std::optional<std::string> found;
  while (!query.empty()) {
    auto param = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), param.size() + 1));
    auto eq = param.find('=');
    if (percent_decode(param.substr(0, eq)) != name) continue;
    found = eq == std::string_view::npos ? "" : percent_decode(param.substr(eq + 1));
  }
  return found;
}

FakeResponse json_response(int status, const Json& body) {
  return FakeResponse{status, body.dump(), {}};
}

FakeResponse error(int status, std::string_view message) {
  return json_response(status, owl_error_json(message));
}

// Pops one use of the first fault in `queue`; nullopt when it is empty.
std::optional<OwlFault> take(std::deque<OwlFault>& queue) {
  if (queue.empty()) return std::nullopt;
  OwlFault fault = queue.front();
  if (queue.front().remaining != FakeOwlmetry::kUntilCleared && --queue.front().remaining == 0) {
    queue.pop_front();
  }
  return fault;
}

// The filters of GET issues, checked; the error message for a 400.
struct ListQuery {
  std::optional<std::string> status;
  std::optional<std::string> app_id;
  std::optional<bool> is_dev;
  std::size_t limit = 50;
  std::optional<std::string> cursor;
};

std::variant<ListQuery, std::string> parse_list_query(std::string_view target) {
  ListQuery q;
  q.status = query_param(target, "status");
  if (q.status && !owl_is_status(*q.status)) return "invalid status filter: " + *q.status;
  q.app_id = query_param(target, "app_id");
  if (auto dev = query_param(target, "is_dev")) {
    if (*dev != "true" && *dev != "false") return "is_dev must be true or false";
    q.is_dev = *dev == "true";
  } else if (auto mode = query_param(target, "data_mode"); mode && *mode != "all") {
    if (*mode != "production" && *mode != "development") {
      return "data_mode must be production, development or all";
    }
    q.is_dev = *mode == "development";
  }
  if (auto limit = query_param(target, "limit")) {
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc{} || end != limit->data() + limit->size() || value < 1 || value > 200) {
      return "limit must be a number from 1 to 200";
    }
    q.limit = value;
  }
  q.cursor = query_param(target, "cursor");
  return q;
}

}  // namespace

OwlRoute owl_route_of(std::string_view method, std::string_view path) {
  auto s = segments(path);
  if (!issue_path_shape(s) || s.size() > 6) return OwlRoute::other;
  if (s.size() == 4 && method == "GET") return OwlRoute::list_issues;
  if (s.size() == 5 && method == "GET") return OwlRoute::get_issue;
  if (s.size() == 5 && method == "PATCH") return OwlRoute::patch_issue;
  if (s.size() == 6 && s[5] == "comments" && method == "GET") return OwlRoute::list_comments;
  if (s.size() == 6 && s[5] == "comments" && method == "POST") return OwlRoute::post_comment;
  return OwlRoute::other;
}

Reply FakeOwlmetry::State::handle(RecordedRequest request) {
  std::lock_guard lock(mutex);
  requests.push_back(request);
  changed.notify_all();
  const OwlRoute which = owl_route_of(request.method, request.path);
  Reply reply;
  reply.delay = delay;
  if (auto slow = delays.find(which); slow != delays.end() && !slow->second.empty()) {
    reply.delay = slow->second.front();
    slow->second.pop_front();
  }
  auto fault = take(route_faults[which]);
  if (!fault) fault = take(any_faults);
  if (fault) {
    reply.drop = !fault->response.has_value();
    if (fault->response) reply.response = *fault->response;
    return reply;
  }
  const auto auth = request.header("Authorization").value_or("");
  auto key = auth.starts_with("Bearer ") ? keys.find(auth.substr(7)) : keys.end();
  if (key == keys.end()) {
    reply.response = error(401, "Unauthorized: a valid Bearer API key is required");
    return reply;
  }
  reply.response = route(request, which, key->second);
  if (auto& pending = act_then_drop[which]; pending > 0) {
    --pending;
    reply.drop = true;
  }
  return reply;
}

FakeResponse FakeOwlmetry::State::route(const RecordedRequest& request, OwlRoute which,
                                        const OwlKey& key) {
  if (which == OwlRoute::other)
    return error(404, "Not found: " + request.method + " " + request.path);
  const Parts parts = parts_of(request.path);
  if (!projects.contains(parts.project)) return error(404, "Project not found");
  if (which == OwlRoute::list_issues) return list_issues(request, parts.project);
  OwlStoredIssue* stored = find(parts.project, parts.issue);
  if (!stored) return error(404, "Issue not found");
  switch (which) {
    case OwlRoute::get_issue: {
      Json body = owl_issue_json(stored->issue);
      body["occurrences"] = Json::array();
      body["occurrence_cursor"] = nullptr;
      body["occurrence_has_more"] = false;
      body["comments"] = Json::array();
      for (const auto& c : stored->comments) body["comments"].push_back(owl_comment_json(c));
      body["attachments"] = Json::array();
      return json_response(200, body);
    }
    case OwlRoute::patch_issue:
      return patch_issue(request, *stored);
    case OwlRoute::list_comments: {
      Json list = Json::array();
      for (const auto& c : stored->comments) list.push_back(owl_comment_json(c));
      return json_response(200, Json{{"comments", std::move(list)}});
    }
    case OwlRoute::post_comment:
      return post_comment(request, *stored, key);
    default:
      return error(404, "Not found");
  }
}

FakeResponse FakeOwlmetry::State::list_issues(const RecordedRequest& request,
                                              const std::string& project) {
  auto parsed = parse_list_query(request.target);
  if (auto* message = std::get_if<std::string>(&parsed)) return error(400, *message);
  const ListQuery& q = std::get<ListQuery>(parsed);
  std::optional<OwlIssue> after;
  if (q.cursor) {
    OwlStoredIssue* at = find(project, *q.cursor);
    if (!at) return error(400, "invalid cursor: " + *q.cursor);
    after = at->issue;
  }
  std::vector<OwlIssue> matching;
  for (const auto& [id, stored] : projects[project]) {
    const OwlIssue& i = stored.issue;
    if (q.status && i.status != *q.status) continue;
    if (q.app_id && i.app_id != *q.app_id) continue;
    if (q.is_dev && i.is_dev != *q.is_dev) continue;
    matching.push_back(i);
  }
  std::sort(matching.begin(), matching.end(), owl_listed_before);
  OwlPage page = owl_page(matching, after, q.limit);
  Json issues = Json::array();
  for (const auto& i : page.issues) issues.push_back(owl_issue_json(i));
  return json_response(200, Json{{"issues", std::move(issues)},
                                 {"cursor", page.cursor ? Json(*page.cursor) : Json(nullptr)},
                                 {"has_more", page.has_more}});
}

FakeResponse FakeOwlmetry::State::patch_issue(const RecordedRequest& request,
                                              OwlStoredIssue& stored) {
  const Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return error(400, "request body is not JSON");
  if (auto refused = owl_apply_status(stored.issue, body, owl_now())) return error(400, *refused);
  stored.status_history.push_back(stored.issue.status);
  changed.notify_all();
  return json_response(200, owl_issue_json(stored.issue));
}

FakeResponse FakeOwlmetry::State::post_comment(const RecordedRequest& request,
                                               OwlStoredIssue& stored, const OwlKey& key) {
  const Json body = Json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("body") || !body["body"].is_string() ||
      body["body"].get<std::string>().empty()) {
    return error(400, "body is required (a non-empty string)");
  }
  const std::string now = owl_now();
  stored.comments.push_back(OwlComment{new_id(), stored.issue.id, "agent", key.author_id,
                                       key.author_name, body["body"].get<std::string>(), now, now});
  changed.notify_all();
  return json_response(201, owl_comment_json(stored.comments.back()));
}

OwlStoredIssue* FakeOwlmetry::State::find(const std::string& project, const std::string& issue) {
  auto p = projects.find(project);
  if (p == projects.end()) return nullptr;
  auto i = p->second.find(issue);
  return i == p->second.end() ? nullptr : &i->second;
}

std::string FakeOwlmetry::State::new_id() {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(next_id++));
  return text;
}

}  // namespace autofixd::testing
