#pragma once
// What `autofixd runs` and `autofixd deliveries` print for each row. Pure:
// no store, no I/O. Every text column goes through cell() (one printable
// line, cut on a code point boundary) and every JSON string through
// json_text(), so stored Sentry and Seer text cannot drive the terminal.

#include <string>

#include <nlohmann/json.hpp>

#include "store/records.hpp"

namespace autofixd::app {

// `runs`: column headings, and one line per run (detail cut to 60 bytes).
std::string run_heading();
// `operator_mark` ("operator_start by alice") for a run an operator's
// request started, else "": shown after the rule.
std::string run_line(const store::RunRow& run, const std::string& operator_mark = "");
// id, issue_id, run_id, state, rule, stopping_point, created_at,
// updated_at, polls, detail, origin, sentry_run_id, operator (the mark or
// null) (README "Command line").
nlohmann::json run_json(const store::RunRow& run, const std::string& operator_mark = "");

// `deliveries`: column headings, and one line per delivery (last error cut
// to 80 bytes).
std::string delivery_heading();
std::string delivery_line(const store::DeliverySummary& delivery);
// id, request_id, resource, action, issue_id, state, attempts, last_error,
// received_at, processed_at.
nlohmann::json delivery_json(const store::DeliverySummary& delivery);

}  // namespace autofixd::app
