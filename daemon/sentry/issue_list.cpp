#include "sentry/issue_list.hpp"

#include "sentry/json_fields.hpp"

namespace autofixd::sentry {

namespace jf = json_fields;

Result<IssueListPage> parse_issue_list(std::string_view json_body) {
  auto parsed = jf::parse(json_body, "issue list");
  if (!parsed) return parsed.error();
  if (!parsed->is_array()) {
    return make_error("sentry.bad_response",
                      "issue list: expected a JSON array, got " + jf::describe(*parsed));
  }
  IssueListPage page;
  for (const auto& element : *parsed) {
    const jf::Json* id = jf::find_value(element, "id");
    const auto value = id != nullptr ? jf::as_integer(*id) : std::nullopt;
    if (!value || *value <= 0) {
      ++page.skipped;
      continue;
    }
    page.issues.push_back(ListedIssue{IssueId{*value}, element.dump()});
  }
  return page;
}

}  // namespace autofixd::sentry
