#include "sentry/autofix_shapes.hpp"

#include <algorithm>

namespace autofixd::sentry::autofix_shapes {

void add_error_detail(AutofixState& state, std::string_view message) {
  if (message.empty()) return;
  if (state.error_detail.find(message) != std::string::npos) return;
  if (!state.error_detail.empty()) state.error_detail += "; ";
  state.error_detail += message;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string join_title(std::string_view title, std::string_view detail) {
  if (title.empty()) return std::string(detail);
  if (detail.empty()) return std::string(title);
  std::string joined(title);
  joined += " \xE2\x80\x94 ";  // em dash
  joined += detail;
  return joined;
}

void add_pull_request(AutofixState& state, PullRequest pr) {
  if (pr.url.empty()) return;
  const bool known = std::any_of(state.pull_requests.begin(), state.pull_requests.end(),
                                 [&](const PullRequest& p) { return p.url == pr.url; });
  if (!known) state.pull_requests.push_back(std::move(pr));
}

}  // namespace autofixd::sentry::autofix_shapes
