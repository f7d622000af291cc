#include "sentry/responses.hpp"

#include "sentry/json_fields.hpp"
#include "sentry/text.hpp"

namespace autofixd::sentry {
namespace {

namespace jf = json_fields;
using Json = nlohmann::json;

constexpr std::size_t kMaxDetailBytes = 200;

Result<SentryRunId> start_from(const Json& document) {
  constexpr std::string_view what = "autofix start";
  if (!document.is_object()) {
    return make_error("sentry.bad_response",
                      std::string(what) + ": expected a JSON object, got " + jf::describe(document));
  }
  const Json* run = jf::find_value(document, "run_id");
  if (run == nullptr) return jf::bad_field(what, "run_id", "missing");
  if (auto id = jf::as_integer(*run)) return SentryRunId{*id};
  return jf::bad_field(what, "run_id", "expected an integer, got " + jf::describe(*run));
}

SeerSetup setup_from(const Json& document) {
  SeerSetup setup;
  auto flag = [](const Json* object, std::string_view key, bool fallback) {
    const Json* value = object != nullptr ? jf::find_value(*object, key) : nullptr;
    return value != nullptr && value->is_boolean() ? value->get<bool>() : fallback;
  };
  setup.integration_ok = flag(jf::find_value(document, "integration"), "ok", true);
  setup.has_quota = flag(jf::find_value(document, "billing"), "hasAutofixQuota", true);
  setup.repos_linked = flag(&document, "seerReposLinked", true);
  return setup;
}

Result<std::vector<Comment>> comments_from(const Json& document) {
  if (!document.is_array()) {
    return make_error("sentry.bad_response",
                      "comments: expected a JSON array, got " + jf::describe(document));
  }
  std::vector<Comment> comments;
  comments.reserve(document.size());
  for (const Json& note : document) {
    const Json* id = jf::find_value(note, "id");
    if (id == nullptr) continue;
    Comment comment;
    if (id->is_string()) {
      comment.id = id->get<std::string>();
    } else if (auto number = jf::as_integer(*id)) {
      comment.id = std::to_string(*number);
    } else {
      continue;
    }
    if (const Json* data = jf::find_value(note, "data")) comment.text = jf::text(*data, "text");
    comments.push_back(std::move(comment));
  }
  return comments;
}

std::string one_line(std::string_view s) {
  return text::sanitize(text::utf8_prefix(s, kMaxDetailBytes), false);
}

std::string detail_from(const Json& document) {
  if (document.is_string()) return one_line(document.get_ref<const std::string&>());
  for (const std::string_view key : {"detail", "error", "message"}) {
    const Json* value = jf::find_value(document, key);
    if (value == nullptr) continue;
    if (value->is_string()) return one_line(value->get_ref<const std::string&>());
    // DRF sometimes nests: {"detail": {"message": ..., "code": ...}}.
    const std::string nested = jf::text(*value, "message");
    if (!nested.empty()) return one_line(nested);
  }
  return {};
}

}  // namespace

Result<SentryRunId> parse_start_response(std::string_view json_body) {
  auto parsed = jf::parse(json_body, "autofix start");
  if (!parsed) return parsed.error();
  try {
    return start_from(*parsed);
  } catch (const std::exception& e) {
    return make_error("sentry.bad_response", std::string("autofix start: ") + e.what());
  }
}

Result<StartedRun> parse_started_run(std::string_view json_body) {
  auto parsed = jf::parse(json_body, "autofix start");
  if (!parsed) return parsed.error();
  StartedRun started;
  if (!parsed->is_object()) return started;
  if (const Json* run = jf::find_value(*parsed, "run_id")) {
    if (auto id = jf::as_integer(*run)) started.run_id = SentryRunId{*id};
  }
  started.sentry_run_uuid = jf::text(*parsed, "sentry_run_id");
  return started;
}

Result<SeerSetup> parse_autofix_setup(std::string_view json_body) {
  auto parsed = jf::parse(json_body, "autofix setup");
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) {
    return make_error("sentry.bad_response",
                      "autofix setup: expected a JSON object, got " + jf::describe(*parsed));
  }
  return setup_from(*parsed);
}

Result<std::optional<std::string>> parse_event_tag(std::string_view json_body,
                                                   std::string_view key) {
  auto parsed = jf::parse(json_body, "latest event");
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) {
    return make_error("sentry.bad_response",
                      "latest event: expected a JSON object, got " + jf::describe(*parsed));
  }
  const auto tags = parsed->find("tags");
  if (tags == parsed->end() || tags->is_null()) return std::optional<std::string>{};
  if (!tags->is_array()) {
    return make_error("sentry.bad_response", "latest event: field \"tags\": expected an array, got " +
                                                 jf::describe(*tags));
  }
  for (const Json& tag : *tags) {
    if (!tag.is_object()) continue;
    const auto k = tag.find("key");
    const auto v = tag.find("value");
    if (k != tag.end() && k->is_string() && *k == key && v != tag.end() && v->is_string()) {
      return std::optional<std::string>(v->get<std::string>());
    }
  }
  return std::optional<std::string>{};
}

Result<std::vector<Comment>> parse_comments(std::string_view json_body) {
  auto parsed = jf::parse(json_body, "comments");
  if (!parsed) return parsed.error();
  try {
    return comments_from(*parsed);
  } catch (const std::exception& e) {
    return make_error("sentry.bad_response", std::string("comments: ") + e.what());
  }
}

std::string sentry_detail(std::string_view body) {
  try {
    const Json document = Json::parse(body, nullptr, false);
    if (!document.is_discarded()) {
      std::string detail = detail_from(document);
      if (!detail.empty()) return detail;
    }
  } catch (const std::exception&) {
    // Not JSON we can read: fall through to the raw bytes.
  }
  return one_line(body);
}

}  // namespace autofixd::sentry
