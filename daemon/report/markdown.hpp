#pragma once
// Markdown building blocks for comments that embed text autofixd does not
// control (Sentry's and Seer's). Everything here makes such text inert: it
// may render oddly, but it cannot open a block, a link (bare URLs, which
// GitHub links by itself, included), HTML, a mention or a code fence that
// swallows the rest of the comment. Controls, terminal escapes, bidi and
// zero-width characters are dropped (sentry::text::sanitize), so text reads
// as what it is. Links autofixd makes itself go through link(). Pure.

#include <cstddef>
#include <string>
#include <string_view>

namespace autofixd::report::markdown {

// One line of prose: newlines and runs of whitespace become one space;
// Markdown and HTML punctuation is backslash-escaped, including list and
// heading markers at the start; balanced `code` spans of one or two
// backticks are kept, since Seer writes identifiers that way; a bare URL
// (http://, https://, ftp://, www.) becomes a code span, shown but not linked.
std::string escape_inline(std::string_view text);

// Multi-line prose: as escape_inline per line, with leading indentation
// dropped (it would start a code block) and blank lines kept as paragraph
// breaks (at most one in a row).
std::string escape_block(std::string_view text);

// `text` as an inline code span whose delimiter is longer than any
// backtick run inside, on one line.
std::string code_span(std::string_view text);

// A fenced code block (ends with "\n") whose fence is longer than any
// backtick run in `code`, so the code cannot close it early.
std::string fenced(std::string_view code, std::string_view info);

// `url` if it is an absolute http(s) URL, with the characters that could
// end a Markdown link destination percent-encoded; "" otherwise.
std::string safe_url(std::string_view url);

// [escaped text](url), or the escaped text alone when the URL is not safe.
std::string link(std::string_view text, std::string_view url);

// `text` cut to at most `max_bytes` on a code point boundary, with "…"
// appended (within the limit) when something was cut.
std::string truncate(std::string_view text, std::size_t max_bytes);

}  // namespace autofixd::report::markdown
