// `decisions`: the stored decision trail, read-only.
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "app/decision_view.hpp"
#include "store/store.hpp"

namespace autofixd::app {

int list_decisions(const CommonOptions& options, const std::optional<std::string>& issue,
                   int limit) {
  std::optional<store::DecisionFilter> filter = store::DecisionFilter{};
  if (issue) filter = parse_issue_filter(*issue);
  if (!filter) {
    std::cerr << "autofixd: --issue " << *issue
              << ": expected a numeric issue id (1170820242) or a short id (BACKEND-12)\n";
    return 2;
  }
  if (limit < 1) {
    std::cerr << "autofixd: --limit " << limit << ": expected a positive number\n";
    return 2;
  }
  auto config = load_or_report(options);
  if (!config) return 1;
  const std::string& path = config->store.path;
  auto store = open_existing_store(*config);
  if (!store) return 1;
  auto rows = store->list_decisions(*filter, limit);
  if (!rows) {
    std::cerr << "autofixd: cannot read decisions from store " << path << ": "
              << rows.error().message << "\n";
    return 1;
  }
  if (options.json) {
    auto out = nlohmann::json::array();
    for (const auto& d : *rows) out.push_back(decision_json(d));
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << decision_heading() << "\n";
  for (const auto& d : *rows) std::cout << decision_lines(d);
  if (rows->empty()) {
    std::cout << "(no decisions" << (issue ? " for issue " + *issue : std::string()) << ")\n";
  }
  return 0;
}

}  // namespace autofixd::app
