#include "notify/tracker_comment.hpp"

#include "notify/wording.hpp"
#include "report/markdown.hpp"
#include "report/render.hpp"
#include "sentry/text.hpp"
#include "util/human_format.hpp"

namespace autofixd::notify {
namespace {

namespace md = report::markdown;

constexpr std::size_t kMaxDetailBytes = 2000;
constexpr std::size_t kMaxPullRequests = 50;

std::string sentry_link(const Outcome& o) {
  const std::string label = o.issue_short_id.empty() ? "issue " + o.issue.str() : o.issue_short_id;
  return md::link(label, o.issue_url);
}

// One line of untrusted text, escaped; cut to kMaxDetailBytes, and then saying so.
std::string capped(std::string_view raw) {
  std::string out = md::escape_inline(md::truncate(raw, kMaxDetailBytes));
  if (raw.size() > kMaxDetailBytes) {
    out += " _(shortened from " +
           format_count(static_cast<std::int64_t>(sentry::text::code_points(raw))) +
           " characters; the full text is in Sentry)_";
  }
  return out;
}

// A comment of our own for an outcome Sentry got no comment for.
std::string short_comment(const Outcome& o) {
  std::string out = "### " + md::escape_inline(wording::headline(o)) + "\n\n";
  out += "**Issue:** " + md::link(wording::issue_label(o), o.issue_url) + "\n\n";
  const std::string happened = wording::what_happened(o);
  if (!happened.empty()) {
    out += "**What happened:** " + capped(happened) + "\n\n";
  }
  if (!o.root_cause.empty()) {
    out += "**Root cause:** " + capped(o.root_cause) + "\n\n";
  }
  if (!o.pr_urls.empty()) {
    out += "**Pull requests:**\n\n";
    for (std::size_t i = 0; i < o.pr_urls.size() && i < kMaxPullRequests; ++i) {
      const std::string& url = o.pr_urls[i];
      out +=
          "- " +
          (md::safe_url(url).empty() ? md::code_span(md::truncate(url, 300)) : md::link(url, url)) +
          "\n";
    }
    if (o.pr_urls.size() > kMaxPullRequests) {
      out += "- \xE2\x80\xA6 and " + std::to_string(o.pr_urls.size() - kMaxPullRequests) +
             " more in Sentry\n";
    }
    out += "\n";
  }
  // After the blank line that ends every part above, "---" is a rule, not a heading.
  out += "---\n_Posted by autofixd";
  if (!o.rule.empty()) out += ": rule " + md::code_span(md::truncate(o.rule, 200));
  if (const std::string took = wording::took(o); !took.empty()) out += ", took " + took;
  return out + "._ " + md::code_span(tracker_marker(o)) + "\n";
}

}  // namespace

std::string tracker_marker(const Outcome& o) {
  const std::string kind(to_string(o.kind));
  if (o.run) return "autofixd:tracker:run:" + o.run->str() + ":" + kind;
  return "autofixd:tracker:issue:" + o.issue.str() + ":" + kind + ":" +
         std::to_string(to_unix_ms(o.at));
}

bool tracker_comment_has_marker(std::string_view body, std::string_view marker) {
  return report::contains_marker(body, marker);
}

std::string render_tracker_comment(const Outcome& o) {
  if (o.kind == OutcomeKind::started) return {};
  if (o.comment_body.empty()) return short_comment(o);
  std::string out = o.comment_body;
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out + "\n_Copied from the autofixd comment on Sentry issue " + sentry_link(o) + "._ " +
         md::code_span(tracker_marker(o)) + "\n";
}

}  // namespace autofixd::notify
