// `deliveries` and `replay`: the dead-letter view for operators. A delivery
// that kept failing (kMaxDeliveryAttempts in runs/processor.cpp) is "dead";
// `replay` makes it pending again and the running daemon picks it up on its
// next pass (within 30 s, at once on SIGHUP, or at the next start).
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "store/store.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {

namespace {

bool known_state(const std::string& state) {
  return state == "pending" || state == "processed" || state == "ignored" || state == "dead";
}

nlohmann::json to_json(const store::DeliverySummary& d) {
  return {{"id", d.id.value},
          {"request_id", d.request_id},
          {"resource", d.resource},
          {"action", d.action},
          {"issue_id", d.issue ? nlohmann::json(d.issue->str()) : nullptr},
          {"state", d.state},
          {"attempts", d.attempts},
          {"last_error", d.last_error},
          {"received_at", format_utc(d.received_at)},
          {"processed_at", d.processed_at ? nlohmann::json(format_utc(*d.processed_at)) : nullptr}};
}

void print_table(const std::vector<store::DeliverySummary>& rows, bool filtered) {
  std::printf("%-6s %-10s %-6s %-12s %-12s %-36s %-20s %s\n", "ID", "STATE", "TRIES", "ISSUE",
              "RESOURCE", "REQUEST ID", "RECEIVED", "LAST ERROR");
  for (const auto& d : rows) {
    std::printf("%-6lld %-10s %-6lld %-12s %-12s %-36s %-20s %s\n",
                static_cast<long long>(d.id.value), d.state.c_str(),
                static_cast<long long>(d.attempts), d.issue ? d.issue->str().c_str() : "-",
                d.resource.c_str(), d.request_id.c_str(), format_utc(d.received_at).c_str(),
                d.last_error.substr(0, 80).c_str());
  }
  if (rows.empty()) std::printf("(no deliveries%s)\n", filtered ? " in that state" : "");
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
  auto store = store::Store::open_read_only(config->store.path);
  if (!store) {
    std::cerr << "autofixd: " << store.error().message << "\n";
    return 1;
  }
  auto rows = store->list_deliveries(state, limit);
  if (!rows) {
    std::cerr << "autofixd: " << rows.error().message << "\n";
    return 1;
  }
  if (options.json) {
    auto out = nlohmann::json::array();
    for (const auto& d : *rows) out.push_back(to_json(d));
    std::cout << out.dump(2) << "\n";
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
  auto store = store::Store::open_read_only(config->store.path);
  if (!store) {
    std::cerr << "autofixd: " << store.error().message << "\n";
    return 1;
  }
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
