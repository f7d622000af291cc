// bench/run's Sentry: the integration tests' fake Sentry (plain HTTP on
// loopback) as a process of its own, knowing one issue, so autofixd runs
// live during the intake benchmark: it fetches the issue, starts one run
// and polls it, and every later delivery for the issue is decided against
// that active run.
//
// Usage: autofixd_bench_sentry DIR ISSUE_ID
// Writes DIR/base_url, DIR/organization and DIR/token (mode 0600), then
// serves until SIGTERM or SIGINT.

#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "integration/fake_sentry.hpp"

namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text << "\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: autofixd_bench_sentry DIR ISSUE_ID\n");
    return 2;
  }
  // Blocked before any thread starts, so only sigwait() sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  try {
    const std::filesystem::path dir = argv[1];
    const std::int64_t issue = std::stoll(argv[2]);
    autofixd::testing::FakeSentry fake({.tls = false});
    fake.set_issue(issue, autofixd::testing::issue_json({.id = issue}));
    write_file(dir / "token", fake.token());
    write_file(dir / "organization", fake.org());
    write_file(dir / "base_url", fake.base_url());  // written last: the others are ready
    int signal = 0;
    sigwait(&stop, &signal);
    std::printf("fake Sentry: %zu requests\n", fake.request_count());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "autofixd_bench_sentry: %s\n", e.what());
    return 1;
  }
}
