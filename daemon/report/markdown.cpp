#include "report/markdown.hpp"

#include <algorithm>
#include <cctype>

#include "sentry/text.hpp"

namespace autofixd::report::markdown {
namespace {

namespace text = sentry::text;

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

// Escaped anywhere: emphasis, code, links, HTML, entities, tables,
// strikethrough and mentions.
bool escaped_anywhere(char c) {
  return std::string_view("\\`*_[]()<>&|~@").find(c) != std::string_view::npos;
}

// Escaped only where a line starts: headings, quotes, list bullets,
// setext underlines.
bool escaped_at_line_start(char c) { return std::string_view("#>+-=").find(c) != std::string_view::npos; }

std::size_t run_length(std::string_view s, std::size_t i, char c) {
  std::size_t n = 0;
  while (i + n < s.size() && s[i + n] == c) ++n;
  return n;
}

// Start of a backtick run of exactly `n` closing a code span opened before
// `from`, or npos.
std::size_t closing_run(std::string_view s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < s.size();) {
    if (s[i] != '`') {
      ++i;
      continue;
    }
    const std::size_t run = run_length(s, i, '`');
    if (run == n) return i;
    i += run;
  }
  return std::string_view::npos;
}

std::size_t longest_run(std::string_view s, char c) {
  std::size_t longest = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t run = run_length(s, i, c);
    longest = std::max(longest, run);
    i += std::max<std::size_t>(run, 1);
  }
  return longest;
}

// "12." or "3)" at the start of a line would start an ordered list.
std::size_t ordered_list_marker(std::string_view line) {
  std::size_t digits = 0;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits])) != 0) ++digits;
  if (digits == 0 || digits >= line.size()) return 0;
  return (line[digits] == '.' || line[digits] == ')') ? digits : 0;
}

bool url_char_needs_encoding(unsigned char c) {
  return c <= 0x20U || c >= 0x7FU ||
         std::string_view("()<>\"'`\\[]{}|^").find(static_cast<char>(c)) != std::string_view::npos;
}

// `prefix` in lower case.
bool starts_with_ignore_case(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Length of the scheme or "www." that makes GitHub link bare text at
// line[i] (GFM's autolink extension), or 0. "www." counts only where a word
// starts, as in GFM; schemes count anywhere, which links a little more than
// GFM would and never less.
std::size_t autolink_prefix(std::string_view line, std::size_t i) {
  const std::string_view rest = line.substr(i);
  for (const std::string_view scheme : {"https://", "http://", "ftp://"}) {
    if (starts_with_ignore_case(rest, scheme)) return scheme.size();
  }
  const bool word_start = i == 0 || std::isalnum(static_cast<unsigned char>(line[i - 1])) == 0;
  return word_start && starts_with_ignore_case(rest, "www.") ? 4 : 0;
}

// A ')' at the end belongs to the URL only when it closes a '(' inside it.
bool unbalanced_close(std::string_view url) {
  return url.back() == ')' &&
         std::count(url.begin(), url.end(), ')') > std::count(url.begin(), url.end(), '(');
}

// Length of the text at line[i] that GitHub would turn into a link, or 0:
// from the prefix to the next space or '<', less the trailing punctuation
// that ends a sentence rather than the URL.
std::size_t bare_url_length(std::string_view line, std::size_t i) {
  const std::size_t prefix = autolink_prefix(line, i);
  if (prefix == 0) return 0;
  const std::size_t end = std::min(line.find_first_of(" <", i), line.size());
  std::string_view url = line.substr(i, end - i);
  while (url.size() > prefix &&
         (std::string_view(".,:;!?*_~'\"").find(url.back()) != std::string_view::npos ||
          unbalanced_close(url))) {
    url.remove_suffix(1);
  }
  return url.size() > prefix ? url.size() : 0;
}

// Escapes one line that is already free of newlines and leading blanks.
std::string escape_line(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 8);
  std::size_t i = 0;
  if (!line.empty() && escaped_at_line_start(line[0])) {
    out += '\\';
    out += line[0];
    i = 1;
  } else if (const std::size_t digits = ordered_list_marker(line)) {
    out.append(line.substr(0, digits)).append("\\").append(1, line[digits]);
    i = digits + 1;
  }
  while (i < line.size()) {
    const char c = line[i];
    // A bare URL would become a live link: a code span keeps it visible and inert.
    if (const std::size_t url = bare_url_length(line, i)) {
      out += code_span(line.substr(i, url));
      i += url;
      continue;
    }
    if (c == '`') {
      const std::size_t run = run_length(line, i, '`');
      const std::size_t close = run <= 2 ? closing_run(line, i + run, run) : std::string_view::npos;
      if (close != std::string_view::npos) {
        out.append(line.substr(i, close + run - i));
        i = close + run;
      } else {
        for (std::size_t k = 0; k < run; ++k) out += "\\`";
        i += run;
      }
      continue;
    }
    if (escaped_anywhere(c)) out += '\\';
    out += c;
    ++i;
  }
  return out;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string escape_inline(std::string_view raw) {
  return escape_line(collapse_whitespace(text::sanitize(raw, false)));
}

std::string escape_block(std::string_view raw) {
  const std::string clean = text::sanitize(raw, true);
  std::string out;
  bool pending_blank = false;
  std::size_t start = 0;
  while (start <= clean.size()) {
    std::size_t end = clean.find('\n', start);
    if (end == std::string::npos) end = clean.size();
    const std::string line = collapse_whitespace(std::string_view(clean).substr(start, end - start));
    if (line.empty()) {
      pending_blank = !out.empty();
    } else {
      if (!out.empty()) out += pending_blank ? "\n\n" : "\n";
      out += escape_line(line);
      pending_blank = false;
    }
    start = end + 1;
  }
  return out;
}

std::string code_span(std::string_view raw) {
  const std::string clean = collapse_whitespace(text::sanitize(raw, false));
  const std::string fence(longest_run(clean, '`') + 1, '`');
  // A span that starts or ends with a backtick needs padding to be read.
  const bool pad = !clean.empty() && (clean.front() == '`' || clean.back() == '`');
  const std::string inner = pad ? " " + clean + " " : clean;
  return fence + inner + fence;
}

std::string fenced(std::string_view code, std::string_view info) {
  std::string clean = text::sanitize(code, true);
  const std::string fence(std::max<std::size_t>(3, longest_run(clean, '`') + 1), '`');
  if (!clean.empty() && clean.back() != '\n') clean += '\n';
  return fence + std::string(info) + "\n" + clean + fence + "\n";
}

std::string safe_url(std::string_view url) {
  if (!starts_with_ignore_case(url, "https://") && !starts_with_ignore_case(url, "http://")) return {};
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (const char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (url_char_needs_encoding(c)) {
      out += '%';
      out += kHex[c >> 4U];
      out += kHex[c & 0x0FU];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string link(std::string_view label, std::string_view url) {
  const std::string target = safe_url(url);
  if (target.empty()) return escape_inline(label);
  return "[" + escape_inline(label) + "](" + target + ")";
}

std::string truncate(std::string_view raw, std::size_t max_bytes) {
  if (raw.size() <= max_bytes) return std::string(raw);
  if (max_bytes < kEllipsis.size()) return std::string(text::utf8_prefix(raw, max_bytes));
  std::string out(text::utf8_prefix(raw, max_bytes - kEllipsis.size()));
  out += kEllipsis;
  return out;
}

}  // namespace autofixd::report::markdown
