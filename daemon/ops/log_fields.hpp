#pragma once
// The ids a log line is about, read from its text. Every line about an
// issue, a run or a delivery names it the same way ("issue 123", "run 45:",
// "delivery 67", "webhook REQUEST-ID from ..."), so a log shipper gets them
// as fields (--log-format json) without each call site passing them. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace autofixd::ops {

struct LogFields {
  std::optional<std::int64_t> issue;     // Sentry's issue id
  std::optional<std::int64_t> run;       // autofixd's run id (never "Seer run N")
  std::optional<std::int64_t> delivery;  // the stored delivery's id
  std::string request_id;                // a webhook's Request-ID; empty when none
};

LogFields log_fields(std::string_view message);

}  // namespace autofixd::ops
