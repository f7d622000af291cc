#include "notify/owlmetry.hpp"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

namespace autofixd::notify::owlmetry {
namespace {

using Json = nlohmann::json;

// seeds/003 "Valid status transitions": from → allowed targets.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTransitions{{
    {"new", "in_progress"},      {"new", "resolved"},         {"new", "silenced"},
    {"new", "snoozed"},          {"in_progress", "new"},      {"in_progress", "resolved"},
    {"in_progress", "silenced"}, {"in_progress", "snoozed"},  {"resolved", "new"},
    {"resolved", "silenced"},    {"resolved", "snoozed"},     {"regressed", "in_progress"},
    {"regressed", "resolved"},   {"regressed", "silenced"},   {"regressed", "snoozed"},
    {"silenced", "new"},         {"silenced", "in_progress"}, {"silenced", "resolved"},
    {"silenced", "snoozed"},     {"snoozed", "new"},          {"snoozed", "in_progress"},
    {"snoozed", "resolved"},
}};

Error bad(std::string_view what) {
  return make_error("notify.bad_response", "tracker answer: " + std::string(what));
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

Result<Json> parse_object_or_array(std::string_view body) {
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) return bad("the body is not JSON");
  return j;
}

// An id may be a string (uuid) or a number; either is kept as text.
std::optional<std::string> id_of(const Json& j) {
  const auto it = j.find("id");
  if (it == j.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return std::nullopt;
}

std::string string_field(const Json& j, std::string_view key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<IssueSummary> issue_from(const Json& j) {
  if (!j.is_object()) return bad("an issue is not a JSON object");
  auto id = id_of(j);
  if (!id) return bad("an issue has no \"id\"");
  return IssueSummary{*id, string_field(j, "title"), string_field(j, "status")};
}

}  // namespace

bool transition_allowed(std::string_view from, std::string_view to) {
  if (to == "resolved") return false;
  for (const auto& [f, t] : kTransitions) {
    if (f == from && t == to) return true;
  }
  return false;
}

std::string issues_path(std::string_view project, std::string_view cursor) {
  std::string path = "/v1/projects/" + percent_encode(project) +
                     "/issues?limit=" + std::to_string(kPageLimit);
  if (!cursor.empty()) path += "&cursor=" + percent_encode(cursor);
  return path;
}

std::string issue_path(std::string_view project, std::string_view issue) {
  return "/v1/projects/" + percent_encode(project) + "/issues/" + percent_encode(issue);
}

std::string comments_path(std::string_view project, std::string_view issue) {
  return issue_path(project, issue) + "/comments";
}

Result<IssuePage> parse_issue_page(std::string_view body) {
  auto j = parse_object_or_array(body);
  if (!j) return j.error();
  if (!j->is_object()) return bad("the issue list is not a JSON object");
  const auto issues = j->find("issues");
  if (issues == j->end() || !issues->is_array()) return bad("no \"issues\" array");
  IssuePage page;
  for (const Json& item : *issues) {
    auto issue = issue_from(item);
    if (!issue) return issue.error();
    page.issues.push_back(std::move(*issue));
  }
  page.cursor = string_field(*j, "cursor");
  const auto more = j->find("has_more");
  page.has_more = more != j->end() && more->is_boolean() && more->get<bool>();
  if (page.has_more && page.cursor.empty()) return bad("\"has_more\" is true without a cursor");
  return page;
}

Result<IssueSummary> parse_issue(std::string_view body) {
  auto j = parse_object_or_array(body);
  if (!j) return j.error();
  return issue_from(*j);
}

Result<std::vector<TrackerComment>> parse_comments(std::string_view body) {
  auto j = parse_object_or_array(body);
  if (!j) return j.error();
  const Json* list = &*j;
  if (j->is_object()) {
    const auto it = j->find("comments");
    if (it == j->end()) return bad("no \"comments\" array");
    list = &*it;
  }
  if (!list->is_array()) return bad("the comments are not a JSON array");
  std::vector<TrackerComment> out;
  for (const Json& item : *list) {
    if (!item.is_object()) return bad("a comment is not a JSON object");
    out.push_back(TrackerComment{id_of(item).value_or(""), string_field(item, "body")});
  }
  return out;
}

Result<std::string> parse_created_comment_id(std::string_view body) {
  auto j = parse_object_or_array(body);
  if (!j) return j.error();
  const Json* comment = &*j;
  if (j->is_object() && j->contains("comment")) comment = &(*j)["comment"];
  if (!comment->is_object()) return bad("the created comment is not a JSON object");
  auto id = id_of(*comment);
  if (!id) return bad("the created comment has no \"id\"");
  return *id;
}

std::optional<IssueSummary> open_issue_titled(const IssuePage& page, std::string_view title) {
  for (const IssueSummary& issue : page.issues) {
    if (issue.title == title && issue.status != "resolved") return issue;
  }
  return std::nullopt;
}

}  // namespace autofixd::notify::owlmetry
