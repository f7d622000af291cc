// bench/runs: autofixd with many runs, against the real binary and a fake
// Sentry (plain HTTP on loopback, which the config allows only there).
//
//   1. Pipeline: PIPELINE signed issue webhooks → decisions → runs started,
//      each stage timed, with requests_per_second = PIPELINE_RPS.
//   2. Scale: RUNS running runs in the store, all due, then a restart:
//      time from process start to the first poll, resident memory, CPU per
//      poll, and the highest request rate the fake saw in any 1 s window
//      (never above requests_per_second = RPS, burst 1).
//   3. Idle: a daemon with an empty store: resident memory and wake-ups.
//
// The scale phase seeds its runs through the daemon's own store code
// (Store::apply_delivery_steps for the decisions, runs::mark_started and
// Store::save_run as the engine does after Sentry's 202), not through
// 100,000 start POSTs: at a realistic requests_per_second those would take
// hours. The pipeline phase shows that path end to end.
//
// Usage: autofixd_bench_runs [--runs N] [--pipeline M] [--rps R] [--pipeline-rps R]
//                            [--window SECONDS] [--idle SECONDS]

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "integration/daemon_process.hpp"
#include "integration/fake_sentry.hpp"
#include "runs/transitions.hpp"
#include "store/store.hpp"

namespace autofixd::bench {
namespace {

using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::FakeSentry;
using Steady = std::chrono::steady_clock;

constexpr const char* kSecret = "bench-secret";

struct Options {
  int runs = 100'000;
  int pipeline = 2'000;
  double rps = 50;
  double pipeline_rps = 1'000;
  int window_s = 10;
  int idle_s = 10;
};

double seconds_since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

std::string daemon_config(const FakeSentry& fake, double rps, const std::string& polling) {
  std::ostringstream c;
  c << "[server]\nlisten = \"127.0.0.1:0\"\nclient_secret = \"" << kSecret << "\"\n"
    << "max_connections = 4096\n"
    << "[sentry]\nbase_url = \"" << fake.base_url() << "\"\norganization = \"" << fake.org()
    << "\"\ntoken_file = \"{DIR}/token\"\nrequests_per_second = " << rps
    << "\nmax_concurrent_requests = 8\n"
    << "[store]\npath = \"{DIR}/store/autofixd.db\"\n"
    << "[polling]\n" << polling << "\n[log]\nlevel = \"info\"\n[[rule]]\nname = \"all\"\n"
    // No sweep: at start it would list the fake's issues and store a
    // delivery for each, racing the webhooks measured here (it did: the
    // pipeline counted the sweep's decisions with the webhooks').
    << "[sweep]\ninterval = \"0s\"\n";
  return c.str();
}

void write_token(const DaemonProcess& d, const FakeSentry& fake) {
  const auto path = d.dir() / "token";
  std::ofstream(path) << fake.token() << "\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
}

std::string issue_webhook(std::int64_t issue, std::int64_t events = 150) {
  nlohmann::json body = {
      {"action", "created"},
      {"installation", {{"uuid", "7a485448-a9e2-4c85-8a3c-4f44175783c9"}}},
      {"data",
       {{"issue", nlohmann::json::parse(testing::issue_json({.id = issue, .count = events}))}}},
      {"actor", {{"type", "application"}, {"id", "sentry"}, {"name", "Sentry"}}}};
  return body.dump();
}

std::int64_t count_rows(const DaemonProcess& d, const std::string& sql) {
  auto store = store::Store::open_read_only(d.store_path().string());
  if (!store) return -1;
  auto stmt = store::Statement::prepare(store->database(), sql);
  if (!stmt || !stmt->step()) return -1;
  return stmt->column_int(0);
}

// Waits until `sql` counts `n` rows; returns seconds since `t0`, or -1.
double wait_count(const DaemonProcess& d, const std::string& sql, std::int64_t n,
                  Steady::time_point t0, std::chrono::seconds limit) {
  const auto deadline = Steady::now() + limit;
  while (Steady::now() < deadline) {
    if (count_rows(d, sql) >= n) return seconds_since(t0);
    std::this_thread::sleep_for(20ms);
  }
  return -1;
}

// One field of /proc/PID/status ("VmRSS", "VmHWM" in kB ...).
long proc_status(const std::string& status_file, const std::string& field) {
  std::ifstream in(status_file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

long proc_status(pid_t pid, const std::string& field) {
  return proc_status("/proc/" + std::to_string(pid) + "/status", field);
}

// Context switches of every thread of `pid`: each one is a wake-up.
long wake_ups(pid_t pid) {
  long total = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) +
                                                              "/task")) {
    const auto status = (task.path() / "status").string();
    total += proc_status(status, "voluntary_ctxt_switches") +
             proc_status(status, "nonvoluntary_ctxt_switches");
  }
  return total;
}

// utime + stime in seconds.
double proc_cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) { stime = std::stol(f); break; }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Most requests the fake received within any 1 s.
std::size_t max_per_second(std::vector<Steady::time_point> times) {
  std::sort(times.begin(), times.end());
  std::size_t best = 0;
  for (std::size_t lo = 0, hi = 0; hi < times.size(); ++hi) {
    while (times[hi] - times[lo] >= 1s) ++lo;
    best = std::max(best, hi - lo + 1);
  }
  return best;
}

// Sentry requests by what they ask, as the fake received them.
struct RequestKinds {
  std::size_t details = 0, autofix = 0, setup = 0, start = 0, other = 0;
  std::size_t total() const { return details + autofix + setup + start + other; }
};

RequestKinds kinds_of(const std::vector<testing::RecordedRequest>& requests, std::size_t from = 0) {
  RequestKinds k;
  for (std::size_t i = from; i < requests.size(); ++i) {
    const auto& r = requests[i];
    if (r.path.ends_with("/autofix/setup/")) ++k.setup;
    else if (r.path.ends_with("/autofix/") && r.method == "POST") ++k.start;
    else if (r.path.ends_with("/autofix/")) ++k.autofix;
    else if (r.method == "GET" && r.path.find("/issues/") != std::string::npos) ++k.details;
    else ++k.other;
  }
  return k;
}

// Sends the bodies from 16 threads; returns how many were refused.
int send_all(const DaemonProcess& d, const std::vector<std::string>& bodies,
             const std::string& prefix) {
  std::atomic<int> refused{0};
  std::vector<std::thread> senders;
  constexpr int kSenders = 16;
  const int n = static_cast<int>(bodies.size());
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      for (int i = s; i < n; i += kSenders) {
        const auto r = testing::post_webhook(d.port(), "issue", bodies[i],
                                             prefix + std::to_string(i), kSecret);
        if (r.status != 202) ++refused;
      }
    });
  }
  for (auto& t : senders) t.join();
  return refused.load();
}

// Returns false when a webhook was refused, not every run started, or the
// requests per decision missed their bound.
bool pipeline(const Options& o) {
  FakeSentry fake({.tls = false});
  for (int i = 1; i <= o.pipeline; ++i) fake.set_issue(i, testing::issue_json({.id = i}));
  DaemonProcess d(daemon_config(fake, o.pipeline_rps,
                                "initial_interval = \"10m\"\nmax_interval = \"10m\"\n"
                                "timeout = \"24h\""));
  write_token(d, fake);
  d.start();
  std::vector<std::string> bodies;
  for (int i = 1; i <= o.pipeline; ++i) bodies.push_back(issue_webhook(i));
  const auto t0 = Steady::now();
  const int refused = send_all(d, bodies, "pipe-");
  const double intake = seconds_since(t0);
  const double decided = wait_count(d, "SELECT COUNT(*) FROM decisions", o.pipeline, t0, 600s);
  const double started = wait_count(
      d, "SELECT COUNT(*) FROM runs WHERE state = 'running'", o.pipeline, t0, 3600s);
  const auto starts = fake.requests();
  const RequestKinds k = kinds_of(starts);
  // Seconds from the first to the last request Sentry saw: the span the
  // rate limit applies to.
  double span = 0;
  if (starts.size() > 1) {
    auto [lo, hi] = std::minmax_element(starts.begin(), starts.end(), [](auto& a, auto& b) {
      return a.received_at < b.received_at;
    });
    span = std::chrono::duration<double>(hi->received_at - lo->received_at).count();
  }
  // The same issues again, each with its run active: every delivery is a
  // skip the webhook's facts settle, which needs no Sentry request. One more
  // event each: the same body again would be a replay, answered and not stored.
  std::vector<std::string> again_bodies;
  for (int i = 1; i <= o.pipeline; ++i) again_bodies.push_back(issue_webhook(i, 151));
  const auto t1 = Steady::now();
  const int refused_again = send_all(d, again_bodies, "again-");
  const double skipped =
      wait_count(d, "SELECT COUNT(*) FROM decisions WHERE reason = 'already_running'",
                 o.pipeline, t1, 120s);
  const RequestKinds again = kinds_of(fake.requests(), starts.size());
  d.stop();
  const auto rate = [&](double s) { return s > 0 ? o.pipeline / s : 0.0; };
  const double per_run = static_cast<double>(k.total()) / o.pipeline;
  const double per_skip = static_cast<double>(again.total()) / o.pipeline;
  std::printf("## Pipeline: %d issue webhooks → decisions → runs started\n\n", o.pipeline);
  std::printf("requests_per_second = %.0f, max_concurrent_requests = 8\n\n", o.pipeline_rps);
  std::printf("| stage | done after s | per second |\n|---|---|---|\n");
  std::printf("| deliveries answered 202 (%d refused) | %.2f | %.0f |\n", refused, intake,
              rate(intake));
  std::printf("| decisions stored | %.2f | %.0f |\n", decided, rate(decided));
  std::printf("| runs started (Sentry 202 stored) | %.2f | %.0f |\n", started, rate(started));
  std::printf("| the same %d webhooks again, each decided skip (run active) | %.2f | %.0f |\n\n",
              o.pipeline, skipped, rate(skipped));
  std::printf("Sentry requests per started run: %.3f (issue details %.3f, autofix state %.3f, "
              "setup preflight %.4f, start %.3f, other %.3f); per skipped delivery: %.3f\n\n",
              per_run, static_cast<double>(k.details) / o.pipeline,
              static_cast<double>(k.autofix) / o.pipeline,
              static_cast<double>(k.setup) / o.pipeline,
              static_cast<double>(k.start) / o.pipeline,
              static_cast<double>(k.other) / o.pipeline, per_skip);
  std::printf("Sentry requests while starting: %zu in %.2f s between the first and the last, "
              "i.e. %.0f/s = %.2f of the limit (%.0f/s)\n\n",
              k.total(), span, span > 0 ? k.total() / span : 0.0,
              span > 0 ? k.total() / span / o.pipeline_rps : 0.0, o.pipeline_rps);
  // Deterministic, unlike the timings: checked in CI's smoke run too.
  if (per_skip > 0.05) std::fprintf(stderr, "bench/runs: %.3f requests per skip (> 0.05)\n", per_skip);
  if (refused + refused_again > 0) std::fprintf(stderr, "bench/runs: %d webhooks refused\n", refused + refused_again);
  if (started < 0) std::fprintf(stderr, "bench/runs: not every run started within the limit\n");
  if (skipped < 0) {
    std::fprintf(stderr, "bench/runs: the %d deliveries for active runs were not all decided "
                 "skip/already_running within 120 s\n", o.pipeline);
  }
  return refused == 0 && refused_again == 0 && started > 0 && skipped > 0 && per_skip <= 0.05;
}

// RUNS running runs, all due now: decisions and starts through the store code.
void seed(const std::filesystem::path& path, int runs) {
  auto store = store::Store::open(path.string());
  if (!store) throw std::runtime_error(store.error().message);
  const auto now = std::chrono::system_clock::now();
  const runs::PollPolicy policy{};
  constexpr int kChunk = 5'000;
  for (int done = 0; done < runs; done += kChunk) {
    std::vector<store::DeliveryStep> steps;
    for (int i = done; i < std::min(runs, done + kChunk); ++i) {
      store::DecisionRecord r;
      r.issue = IssueId{1'000'000 + i};
      r.decided_at = now;
      r.outcome = "start";
      r.rule = "all";
      r.reason = "matched";
      r.detail = "seeded by bench/runs";
      r.facts_json = "{}";
      steps.push_back(std::move(r));
    }
    if (auto s = store->apply_delivery_steps(steps); !s) throw std::runtime_error(s.error().message);
    auto pending = store->list_runs(store::RunState::pending, kChunk);
    if (!pending) throw std::runtime_error(pending.error().message);
    (void)store->database().exec("BEGIN");
    for (auto& run : *pending) {
      runs::mark_started(run, SentryRunId{run.id.value}, now, policy);
      if (auto s = store->save_run(run); !s) throw std::runtime_error(s.error().message);
    }
    (void)store->database().exec("COMMIT");
  }
  // All due at the restart: the most the engine can find waiting at once.
  const auto due = std::to_string(to_unix_ms(now));
  if (auto s = store->database().exec("UPDATE runs SET next_poll_at = " + due); !s) {
    throw std::runtime_error(s.error().message);
  }
}

// Returns false when no run was polled.
bool scale(const Options& o) {
  FakeSentry fake({.tls = false});
  DaemonProcess d(daemon_config(fake, o.rps,
                                "initial_interval = \"10s\"\nmax_interval = \"2m\"\n"
                                "timeout = \"24h\""));
  write_token(d, fake);
  const auto seed_start = Steady::now();
  seed(d.store_path(), o.runs);
  const double seeded = seconds_since(seed_start);
  const auto t0 = Steady::now();
  d.start();
  const pid_t pid = d.pid();
  fake.wait_for([&] { return fake.request_count() > 0; }, 60s);
  const auto first = fake.requests();
  const double to_first_poll =
      first.empty() ? -1
                    : std::chrono::duration<double>(first.front().received_at - t0).count();
  const double cpu0 = proc_cpu_seconds(pid);
  const auto window_start = Steady::now();
  long rss_max = 0;
  for (int s = 0; s < o.window_s; ++s) {
    std::this_thread::sleep_for(1s);
    rss_max = std::max(rss_max, proc_status(pid, "VmRSS"));
  }
  const double cpu = proc_cpu_seconds(pid) - cpu0;
  const long hwm = proc_status(pid, "VmHWM");
  std::vector<Steady::time_point> times;
  std::size_t polls = 0;
  for (const auto& r : fake.requests()) {
    times.push_back(r.received_at);
    if (r.received_at >= window_start) ++polls;
  }
  d.stop();
  std::printf("## Scale: %d running runs, all due, after a restart\n\n", o.runs);
  std::printf("requests_per_second = %.0f (burst 1); store seeded in %.1f s\n\n", o.rps, seeded);
  std::printf("| measure | value |\n|---|---|\n");
  std::printf("| process start → first poll | %.3f s |\n", to_first_poll);
  std::printf("| resident memory (VmRSS max over %d s / VmHWM) | %.1f MB / %.1f MB |\n",
              o.window_s, rss_max / 1024.0, hwm / 1024.0);
  std::printf("| polls in %d s | %zu |\n", o.window_s, polls);
  std::printf("| CPU per poll | %.3f ms |\n", polls ? cpu * 1000 / polls : 0.0);
  const double span =
      times.size() > 1 ? std::chrono::duration<double>(times.back() - times.front()).count() : 0;
  std::printf("| Sentry requests per second, average | %.1f (limit %.0f) |\n",
              span > 0 ? static_cast<double>(times.size() - 1) / span : 0.0, o.rps);
  std::printf("| most Sentry requests within any 1 s | %zu (limit %.0f + 1: a window can hold "
              "both ends of one second) |\n\n",
              max_per_second(times), o.rps);
  return to_first_poll >= 0;
}

void idle(const Options& o) {
  FakeSentry fake({.tls = false});
  DaemonProcess d(daemon_config(fake, 5, "initial_interval = \"10s\""));
  write_token(d, fake);
  d.start();
  std::this_thread::sleep_for(1s);
  const long before = wake_ups(d.pid());
  std::this_thread::sleep_for(std::chrono::seconds(o.idle_s));
  const long woke = wake_ups(d.pid()) - before;
  const long rss = proc_status(d.pid(), "VmRSS");
  d.stop();
  std::printf("## Idle: empty store\n\n| measure | value |\n|---|---|\n");
  std::printf("| resident memory | %.1f MB |\n", rss / 1024.0);
  std::printf("| wake-ups (context switches, all threads) in %d s | %ld |\n\n", o.idle_s, woke);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--runs") o.runs = std::stoi(value);
    else if (key == "--pipeline") o.pipeline = std::stoi(value);
    else if (key == "--rps") o.rps = std::stod(value);
    else if (key == "--pipeline-rps") o.pipeline_rps = std::stod(value);
    else if (key == "--window") o.window_s = std::stoi(value);
    else if (key == "--idle") o.idle_s = std::stoi(value);
    else throw std::runtime_error("unknown option " + key);
  }
  return o;
}

}  // namespace
}  // namespace autofixd::bench

int main(int argc, char** argv) {
  try {
    const auto options = autofixd::bench::parse(argc, argv);
    const bool piped = autofixd::bench::pipeline(options);
    const bool scaled = autofixd::bench::scale(options);
    autofixd::bench::idle(options);
    if (!piped || !scaled) {
      std::fprintf(stderr, "bench/runs: FAIL: %s\n",
                   !piped ? "a webhook was refused, not every run started, or a skip asked Sentry"
                          : "no run was polled after the restart");
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench/runs: %s\n", e.what());
    return 1;
  }
}
