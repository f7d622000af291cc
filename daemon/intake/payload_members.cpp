#include "intake/payload_members.hpp"

#include <array>

namespace autofixd::intake {
namespace {

// Leaves are kept whole: a reader may quote a value in its error.
// What sentry::parse_issue_json reads, and the status ignored actions read.
constexpr std::array kProjectMembers{whole("slug")};
constexpr std::array kIssueMembers{whole("id"),
                                   whole("shortId"),
                                   whole("title"),
                                   whole("culprit"),
                                   whole("level"),
                                   whole("status"),
                                   whole("substatus"),
                                   whole("priority"),
                                   whole("issueCategory"),
                                   whole("web_url"),
                                   whole("permalink"),
                                   whole("count"),
                                   whole("userCount"),
                                   whole("stats"),
                                   whole("seerFixabilityScore"),
                                   whole("isUnhandled"),
                                   whole("firstSeen"),
                                   whole("seerAutofixLastTriggered"),
                                   whole("seerExplorerAutofixLastTriggered"),
                                   JsonKeep{"project", kProjectMembers}};

// data.event (event_alert) and data.error (error): read_event_like.
constexpr std::array kEventMembers{whole("issue_id"), whole("issue_url"),    whole("level"),
                                   whole("title"),    whole("project_slug"), whole("culprit")};

constexpr std::array kIssueData{JsonKeep{"issue", kIssueMembers}};
constexpr std::array kEventData{JsonKeep{"event", kEventMembers}};
constexpr std::array kErrorData{JsonKeep{"error", kEventMembers}};
constexpr std::array kSeerData{whole("group_id"), whole("run_id")};

constexpr std::array kInstallationMembers{whole("uuid")};

// read_common: action, installation.uuid, and data (an object, whatever the
// resource); `data`'s members depend on the resource.
constexpr std::array<JsonKeep, 3> envelope_with(std::span<const JsonKeep> data) {
  return {whole("action"), JsonKeep{"installation", kInstallationMembers}, JsonKeep{"data", data}};
}

constexpr std::array kIssue = envelope_with(kIssueData);
constexpr std::array kEventAlert = envelope_with(kEventData);
constexpr std::array kError = envelope_with(kErrorData);
constexpr std::array kSeer = envelope_with(kSeerData);
constexpr std::array kOther = envelope_with({});

constexpr JsonKeep kIssueBody{"", kIssue};
constexpr JsonKeep kEventAlertBody{"", kEventAlert};
constexpr JsonKeep kErrorBody{"", kError};
constexpr JsonKeep kSeerBody{"", kSeer};
constexpr JsonKeep kOtherBody{"", kOther};

}  // namespace

const JsonKeep& payload_members(std::string_view resource) {
  if (resource == "issue") return kIssueBody;
  if (resource == "event_alert") return kEventAlertBody;
  if (resource == "error") return kErrorBody;
  if (resource == "seer") return kSeerBody;
  return kOtherBody;
}

}  // namespace autofixd::intake
