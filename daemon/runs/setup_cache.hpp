#pragma once
// Seer's setup preflight (GET .../autofix/setup/) per project, kept for ten
// minutes so a burst of decisions asks Sentry once (docs/sentry.md "Setup
// preflight"). A preflight Sentry refuses (internal-integration tokens get
// 400: the endpoint wants a user) is remembered as unknown, which blocks
// nothing. Network thread only.

#include <map>
#include <optional>
#include <string>

#include "sentry/types.hpp"
#include "util/clock.hpp"

namespace autofixd::runs {

class SetupCache {
 public:
  static constexpr Millis kTtl{10 * 60'000};

  // nullopt = not cached (ask Sentry); an engaged optional holding nullopt =
  // cached as unknown.
  std::optional<std::optional<sentry::SeerSetup>> find(const std::string& project, SysTime now) const;
  void put(const std::string& project, std::optional<sentry::SeerSetup> setup, SysTime now);

 private:
  struct Entry {
    SysTime at;
    std::optional<sentry::SeerSetup> setup;
  };
  std::map<std::string, Entry> entries_;
};

// The reason code and sentence a setup problem skips a decision with, or
// nullopt when Seer can run: no_seer_quota, no_repository.
struct SetupProblem {
  std::string reason;
  std::string detail;
};
std::optional<SetupProblem> setup_problem(const sentry::SeerSetup& setup);

}  // namespace autofixd::runs
