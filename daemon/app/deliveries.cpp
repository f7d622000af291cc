// `deliveries` and `replay`: the dead-letter view for operators. A delivery
// that kept failing (kMaxDeliveryAttempts in runs/processor.cpp) is "dead";
// `replay` makes it pending again and the running daemon picks it up on its
// next pass (within 30 s, at once on SIGHUP, or at the next start).
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "app/listing_view.hpp"
#include "store/store.hpp"

namespace autofixd::app {

namespace {

bool known_state(const std::string& state) {
  return state == "pending" || state == "processed" || state == "ignored" || state == "dead";
}

void print_table(const std::vector<store::DeliverySummary>& rows, bool filtered) {
  std::cout << delivery_heading();
  for (const auto& d : rows) std::cout << delivery_line(d);
  if (rows.empty()) std::cout << "(no deliveries" << (filtered ? " in that state" : "") << ")\n";
}

}  // namespace

int list_deliveries(const CommonOptions& options, const std::optional<std::string>& state,
                    int limit) {
  auto config = load_or_report(options);
  if (!config) return 1;
  if (state && !known_state(*state)) {
    std::cerr << "autofixd: --state " << *state
              << ": expected one of pending, processed, ignored, dead\n";
    return 1;
  }
  auto store = open_existing_store(*config);
  if (!store) return 1;
  auto rows = store->list_deliveries(state, limit);
  if (!rows) {
    std::cerr << "autofixd: " << rows.error().message << "\n";
    return 1;
  }
  if (options.json) {
    auto out = nlohmann::json::array();
    for (const auto& d : *rows) out.push_back(delivery_json(d));
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  print_table(*rows, state.has_value());
  return 0;
}

int replay_delivery(const CommonOptions& options, std::int64_t id) {
  auto config = load_or_report(options);
  if (!config) return 1;
  // A write while the daemon runs is safe: WAL, busy_timeout, one short
  // transaction; the daemon's own writes wait for it (and it for them).
  auto store = open_existing_store(*config);
  if (!store) return 1;
  auto replayed = store->replay_delivery(DeliveryId{id});
  if (!replayed) {
    std::cerr << "autofixd: " << replayed.error().message << "\n";
    return 1;
  }
  if (!*replayed) {
    std::cerr << "autofixd: no dead delivery with id " << id
              << " (see `autofixd deliveries --state dead`)\n";
    return 1;
  }
  std::cout << "delivery " << id
            << " is pending again; the running daemon processes it within 30s (at once after "
               "SIGHUP), or at its next start\n";
  return 0;
}

}  // namespace autofixd::app
