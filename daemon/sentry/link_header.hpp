#pragma once
// Sentry's cursor pagination: each list response carries
//   Link: <URL>; rel="previous"; results="false"; cursor="0:0:1",
//         <URL>; rel="next"; results="true"; cursor="0:100:0"
// Pure parsing; no I/O.

#include <optional>
#include <string>
#include <string_view>

namespace autofixd::sentry {

// The cursor of the rel="next" link when that link says results="true";
// nullopt when there is no further page (or the header is malformed).
std::optional<std::string> next_page_cursor(std::string_view link_header);

}  // namespace autofixd::sentry
