// FakeSentry's issue events endpoint, as Sentry's
// src/sentry/issues/endpoints/group_event_details.py answers it
// (docs/sentry.md §Event tags): one event per issue, whose tags the test sets.

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "integration/fake_sentry_state.hpp"

namespace autofixd::testing {

namespace {

using Json = nlohmann::json;

// A stable 32-hex event id for the issue (Sentry's eventID is a uuid4 hex).
std::string event_id_of(std::int64_t issue) {
  char text[33];
  std::snprintf(text, sizeof text, "%032llx", static_cast<unsigned long long>(issue));
  return text;
}

}  // namespace

FakeResponse FakeSentry::State::get_event(std::int64_t issue) {
  auto found = issues.find(issue);
  if (found == issues.end() || !found->second.details_json) {
    // GroupEndpoint.convert_args: ResourceDoesNotExist.
    return FakeResponse{404, Json{{"detail", "The requested resource does not exist"}}.dump(), {}};
  }
  if (!found->second.event_tags) {
    return FakeResponse{
        404,
        Json{{"detail",
              "No matching event found. Try changing the environments, date range, or query."}}
            .dump(),
        {}};
  }
  auto tags = *found->second.event_tags;
  std::stable_sort(tags.begin(), tags.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Json tag_list = Json::array();
  for (const auto& [key, value] : tags) tag_list.push_back(Json{{"key", key}, {"value", value}});
  const Json details = Json::parse(*found->second.details_json, nullptr, false);
  const std::string id = event_id_of(issue);
  Json event{{"id", id},
             {"eventID", id},
             {"groupID", std::to_string(issue)},
             {"projectID", "1"},
             {"title", details.is_object() ? details.value("title", "") : ""},
             {"type", "error"},
             {"platform", "python"},
             {"dateCreated", "2026-01-02T00:00:00Z"},
             {"tags", std::move(tag_list)},
             {"entries", Json::array()},
             {"nextEventID", nullptr},
             {"previousEventID", nullptr}};
  return FakeResponse{200, event.dump(), {}};
}

}  // namespace autofixd::testing
