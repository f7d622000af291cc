#include "app/decision_view.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iomanip>
#include <sstream>

#include "app/terminal_text.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {
namespace {

// Room for any name or code autofixd itself writes; longer text is cut.
constexpr std::size_t kMaxNameBytes = 100;
// A detail names every rule's reason; enough for a long config, not a dump.
constexpr std::size_t kMaxDetailBytes = 4000;

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool looks_like_short_id(std::string_view s) {
  const auto allowed = [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  };
  return s.size() >= 3 && std::all_of(s.begin(), s.end(), allowed) && s.front() != '-' &&
         s.back() != '-' && s.find('-') != std::string_view::npos;
}

std::string columns(std::string_view time, std::string_view issue, std::string_view decision,
                    std::string_view reason, std::string_view rule) {
  std::ostringstream out;
  out << std::left << std::setw(21) << time << std::setw(13) << issue << std::setw(9) << decision
      << std::setw(24) << reason << rule;
  return out.str();
}

// Deliveries decided the same way later, counted on this decision.
std::string repeat_line(const store::DecisionSummary& d) {
  if (d.repeats == 0) return "";
  const std::string last = d.last_repeated_at ? ", the last at " + format_utc(*d.last_repeated_at)
                                              : std::string();
  return "    and " + std::to_string(d.repeats) + " later " +
         (d.repeats == 1 ? "delivery" : "deliveries") + " decided the same" + last + "\n";
}

}  // namespace

std::optional<store::DecisionFilter> parse_issue_filter(std::string_view text) {
  store::DecisionFilter filter;
  if (all_digits(text)) {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    filter.issue = IssueId{id};
    return filter;
  }
  if (!looks_like_short_id(text)) return std::nullopt;
  filter.short_id = std::string(text);
  return filter;
}

nlohmann::json decision_json(const store::DecisionSummary& d) {
  auto facts = nlohmann::json::parse(d.facts_json, nullptr, /*allow_exceptions=*/false);
  if (facts.is_discarded()) facts = nullptr;
  return {{"id", d.id},
          {"issue_id", d.issue.str()},
          {"decision", json_text(d.outcome)},
          {"reason", json_text(d.reason)},
          {"rule", d.rule.empty() ? nlohmann::json(nullptr) : nlohmann::json(json_text(d.rule))},
          {"facts", std::move(facts)},
          {"detail", json_text(d.detail)},
          {"created_at", format_utc(d.decided_at)},
          {"request_id",
           d.request_id ? nlohmann::json(json_text(*d.request_id)) : nlohmann::json(nullptr)},
          {"repeats", d.repeats},
          {"last_repeated_at", d.last_repeated_at ? nlohmann::json(format_utc(*d.last_repeated_at))
                                                  : nlohmann::json(nullptr)}};
}

std::string decision_heading() { return columns("TIME", "ISSUE", "DECISION", "REASON", "RULE"); }

std::string decision_lines(const store::DecisionSummary& d) {
  return columns(format_utc(d.decided_at), d.issue.str(), cell(d.outcome, kMaxNameBytes),
                 cell(d.reason, kMaxNameBytes),
                 d.rule.empty() ? "-" : cell(d.rule, kMaxNameBytes)) +
         "\n    " + cell(d.detail, kMaxDetailBytes) + "\n" + repeat_line(d);
}

}  // namespace autofixd::app
