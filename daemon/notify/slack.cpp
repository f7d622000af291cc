#include "notify/slack.hpp"

#include <nlohmann/json.hpp>

#include "notify/wording.hpp"
#include "report/markdown.hpp"
#include "sentry/text.hpp"
#include "util/human_format.hpp"

namespace autofixd::notify {
namespace {

using Json = nlohmann::ordered_json;
namespace text = sentry::text;

// Pull requests listed one per line; the rest are counted.
constexpr std::size_t kMaxPullRequests = 20;
// Room a section keeps for the note saying its text was cut.
constexpr std::size_t kCutNoteReserve = 120;

std::string escape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

// One line of untrusted text, escaped, with at most `max_chars` characters
// (counted after escaping, never ending inside an entity such as "&amp;");
// a cut says from how many characters to how many.
std::string escaped_line(std::string_view raw, std::size_t max_chars) {
  const std::string clean = text::sanitize(raw, false);
  std::string out = escape(clean);
  if (text::code_points(out) <= max_chars) return out;
  out.resize(text::utf8_prefix_chars(out, max_chars));
  const std::size_t amp = out.rfind('&');
  if (amp != std::string::npos && out.find(';', amp) == std::string::npos) out.resize(amp);
  return out + "\xE2\x80\xA6 _(cut from " +
         format_count(static_cast<std::int64_t>(text::code_points(clean))) +
         " characters; the full text is in Sentry)_";
}

// Our own link: the URL percent-encoded where it could end Slack's <url|label>.
std::string link(std::string_view url, const std::string& escaped_label) {
  std::string target = report::markdown::safe_url(url);
  if (target.empty()) return escaped_label;
  return "<" + target + "|" + escaped_label + ">";
}

Json mrkdwn(std::string value) {
  return Json{{"type", "mrkdwn"}, {"text", std::move(value)}, {"verbatim", true}};
}

Json section(std::string value) {
  return Json{{"type", "section"}, {"text", mrkdwn(std::move(value))}};
}

std::string pull_requests(const std::vector<std::string>& urls) {
  std::string out = "*Pull requests:*";
  std::size_t shown = 0;
  for (const std::string& url : urls) {
    // Shown without the scheme: the link says where it goes.
    const std::size_t scheme = url.find("://");
    const std::string label =
        escaped_line(scheme == std::string::npos ? url : url.substr(scheme + 3), 200);
    const std::string line = "\n\xE2\x80\xA2 " + link(url, label);
    if (shown == kMaxPullRequests || text::code_points(out) + text::code_points(line) >
                                         kSlackMaxSectionChars - kCutNoteReserve) {
      break;
    }
    out += line;
    ++shown;
  }
  if (shown < urls.size()) {
    out +=
        "\n\xE2\x80\xA2 _and " + std::to_string(urls.size() - shown) + " more (listed in Sentry)_";
  }
  return out;
}

std::string context_line(const Outcome& o) {
  std::string out;
  const auto add = [&out](const std::string& part) {
    out += (out.empty() ? "" : " \xC2\xB7 ") + part;
  };
  if (!o.rule.empty()) add("Rule `" + escaped_line(o.rule, 200) + "`");
  if (!o.stopping_point.empty()) add("stopping point `" + escaped_line(o.stopping_point, 40) + "`");
  if (const std::string took = wording::took(o); !took.empty()) add("took " + took);
  if (o.run) add("autofixd run " + o.run->str());
  if (o.sentry_run) add("Seer run " + o.sentry_run->str());
  return out;
}

}  // namespace

std::string render_slack(const Outcome& o) {
  const std::string label = escaped_line(wording::issue_label(o), wording::kMaxTitleChars + 120);
  const std::string headline = wording::headline(o);

  Json blocks = Json::array();
  blocks.push_back(section("*" + escape(headline) + "*: " + link(o.issue_url, label)));
  const std::string prefix = "*What happened:* ";
  if (const std::string happened = wording::what_happened(o); !happened.empty()) {
    blocks.push_back(section(
        prefix + escaped_line(happened, kSlackMaxSectionChars - prefix.size() - kCutNoteReserve)));
  }
  const std::string rc_prefix = "*Root cause:* ";
  if (!o.root_cause.empty()) {
    blocks.push_back(
        section(rc_prefix + escaped_line(o.root_cause, kSlackMaxSectionChars - rc_prefix.size() -
                                                           kCutNoteReserve)));
  }
  if (!o.pr_urls.empty()) blocks.push_back(section(pull_requests(o.pr_urls)));
  if (const std::string context = context_line(o); !context.empty()) {
    blocks.push_back(Json{{"type", "context"}, {"elements", Json::array({mrkdwn(context)})}});
  }

  std::string fallback = escape(headline) + ": " + label;
  if (const std::string url = report::markdown::safe_url(o.issue_url); !url.empty())
    fallback += " <" + url + ">";
  const Json message{{"text", std::move(fallback)},
                     {"blocks", std::move(blocks)},
                     {"unfurl_links", false},
                     {"unfurl_media", false}};
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace autofixd::notify
