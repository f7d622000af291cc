#include "notify/webhook.hpp"

#include <nlohmann/json.hpp>

#include "report/markdown.hpp"
#include "sentry/text.hpp"
#include "util/hmac.hpp"
#include "util/time_format.hpp"

namespace autofixd::notify {
namespace {

using Json = nlohmann::ordered_json;

// Sanitized text, cut to the field limit; a cut field's name is recorded.
std::string field(std::string_view name, std::string_view raw, Json& shortened) {
  std::string clean = sentry::text::sanitize(raw, true);
  if (clean.size() <= kMaxWebhookFieldBytes) return clean;
  shortened.push_back(name);
  return report::markdown::truncate(clean, kMaxWebhookFieldBytes);
}

}  // namespace

std::string render_webhook(const Outcome& o) {
  Json shortened = Json::array();
  Json pr_urls = Json::array();
  for (const std::string& url : o.pr_urls) pr_urls.push_back(sentry::text::one_line(url, 2000));
  std::string title = field("title", o.issue_title, shortened);
  std::string root_cause = field("root_cause", o.root_cause, shortened);
  std::string detail = field("detail", o.detail, shortened);
  const Json body{
      {"outcome", to_string(o.kind)},
      {"issue_id", o.issue.str()},
      {"run_id", o.run ? Json(o.run->value) : Json(nullptr)},
      {"rule", sentry::text::one_line(o.rule, 200)},
      {"issue_url", sentry::text::one_line(o.issue_url, 2000)},
      {"pr_urls", std::move(pr_urls)},
      {"short_id", sentry::text::one_line(o.issue_short_id, 100)},
      {"title", std::move(title)},
      {"project", sentry::text::one_line(o.project, 200)},
      {"stopping_point", o.stopping_point},
      {"root_cause", std::move(root_cause)},
      {"detail", std::move(detail)},
      {"sentry_run_id", o.sentry_run ? Json(o.sentry_run->value) : Json(nullptr)},
      {"duration_seconds", o.duration_seconds >= 0 ? Json(o.duration_seconds) : Json(nullptr)},
      {"at", format_utc(o.at)},
      {"shortened", std::move(shortened)},
  };
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string sign_webhook(std::string_view secret, std::string_view body) {
  return hmac_sha256_hex(secret, body);
}

}  // namespace autofixd::notify
