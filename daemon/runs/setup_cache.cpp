#include "runs/setup_cache.hpp"

namespace autofixd::runs {

std::optional<std::optional<sentry::SeerSetup>> SetupCache::find(const std::string& project,
                                                                 SysTime now) const {
  const auto it = entries_.find(project);
  if (it == entries_.end() || now - it->second.at >= kTtl || now < it->second.at)
    return std::nullopt;
  return it->second.setup;
}

void SetupCache::put(const std::string& project, std::optional<sentry::SeerSetup> setup,
                     SysTime now) {
  // Bounded: projects are few, but a flood of unknown slugs must not grow it.
  if (entries_.size() >= 1024) entries_.clear();
  entries_[project] = Entry{now, std::move(setup)};
}

std::optional<SetupProblem> setup_problem(const sentry::SeerSetup& setup) {
  if (!setup.has_quota) {
    return SetupProblem{"no_seer_quota", "the organization has no Seer Autofix quota left"};
  }
  if (!setup.integration_ok) {
    return SetupProblem{"no_repository", "no GitHub (or other code host) integration is installed"};
  }
  if (!setup.repos_linked) {
    return SetupProblem{"no_repository", "no repository is linked to Seer for this project"};
  }
  return std::nullopt;
}

}  // namespace autofixd::runs
