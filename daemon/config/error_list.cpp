#include "config/error_list.hpp"

#include <algorithm>
#include <limits>

namespace autofixd::config::detail {
namespace {

constexpr std::size_t kMaxShown = 30;

}  // namespace

void ErrorList::add(std::string code, int line, std::string_view key, std::string_view what) {
  std::string message = source_;
  if (line > 0) message += ":" + std::to_string(line);
  message += ": ";
  if (!key.empty()) {
    message += key;
    message += ": ";
  }
  message += what;
  entries_.push_back(Entry{line, std::move(code), std::move(message)});
}

Error ErrorList::to_error() const {
  std::vector<Entry> sorted = entries_;
  // Mistakes without a line (environment, whole-file) come last.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
    const int la = a.line > 0 ? a.line : std::numeric_limits<int>::max();
    const int lb = b.line > 0 ? b.line : std::numeric_limits<int>::max();
    return la < lb;
  });
  std::string text;
  for (std::size_t i = 0; i < sorted.size() && i < kMaxShown; ++i) {
    if (i > 0) text += '\n';
    text += sorted[i].message;
  }
  if (sorted.size() > kMaxShown) {
    text += "\n... and " + std::to_string(sorted.size() - kMaxShown) + " more";
  }
  const std::string code = sorted.empty() ? "config.invalid" : sorted.front().code;
  return make_error(code, std::move(text));
}

}  // namespace autofixd::config::detail
