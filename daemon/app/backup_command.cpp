// autofixd backup DEST: an online copy of the store while the daemon runs
// (store/backup.cpp). Restore: stop the daemon, put the copy in place of
// the store file, start it (README "Backup and restore").
#include <iostream>

#include "app/commands.hpp"
#include "store/backup.hpp"

namespace autofixd::app {

int backup_store(const CommonOptions& options, const std::string& destination, bool force,
                 int pages_per_step) {
  auto config = load_or_report(options);
  if (!config) return 1;
  if (pages_per_step <= 0) {
    std::cerr << "autofixd: --step-pages must be at least 1\n";
    return 2;
  }
  store::BackupOptions how;
  how.force = force;
  how.pages_per_step = pages_per_step;
  auto report = store::backup(config->store.path, destination, how);
  if (!report) {
    std::cerr << "autofixd: backup of " << config->store.path << " to " << destination
              << " failed: " << report.error().message << "\n";
    return 1;
  }
  std::cout << "backed up " << config->store.path << " to " << destination << ": "
            << report->pages << " pages (" << report->bytes << " bytes) in " << report->steps
            << " steps, schema version " << report->schema_version << "\n";
  return 0;
}

}  // namespace autofixd::app
