// autofixd under systemd's protocols, with the test in systemd's place:
// notify messages on a datagram socket ($NOTIFY_SOCKET), watchdog pings that
// stop while the store thread is stuck, and socket activation ($LISTEN_FDS)
// keeping webhooks in the kernel's queue across restarts.
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "intake/signature.hpp"
#include "integration/daemon_fixture.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// systemd's end of $NOTIFY_SOCKET: collects every datagram the daemon sends.
class NotifySocket {
 public:
  explicit NotifySocket(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("cannot bind " + path_.string());
    }
  }
  ~NotifySocket() { ::close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  std::string env() const { return "NOTIFY_SOCKET=" + path_.string(); }

  // Every message received so far (reads what is waiting without blocking).
  const std::vector<std::string>& messages() {
    char buf[4096];
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0) break;
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      messages_.emplace_back(buf, static_cast<std::size_t>(n));
    }
    return messages_;
  }
  // The index of the first message from `from` on containing `text`, or -1.
  int find(const std::string& text, std::size_t from = 0) {
    const auto& all = messages();
    for (std::size_t i = from; i < all.size(); ++i) {
      if (all[i].find(text) != std::string::npos) return static_cast<int>(i);
    }
    return -1;
  }
  std::size_t count(const std::string& text, std::size_t from = 0) {
    std::size_t n = 0;
    const auto& all = messages();
    for (std::size_t i = from; i < all.size(); ++i) n += all[i].find(text) != std::string::npos;
    return n;
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

class SystemdTest : public DaemonTest {
 protected:
  // The daemon's environment under systemd: notify socket and a 1 s
  // watchdog (a ping every 500 ms).
  void start_notified(const DaemonOptions& options = {}) {
    daemon_ = std::make_unique<DaemonProcess>(
        daemon_config(fake_, options),
        std::vector<std::string>{notify_.env(), "WATCHDOG_USEC=1000000", "WATCHDOG_PID={PID}"});
    daemon_->start();
  }

  // Starts and stops a dry-run daemon whose standard error is a journal
  // stream ($JOURNAL_STREAM = its log's device:inode), with `invocation`
  // in its environment; returns what reached that stream.
  std::string run_on_journal_stream(const std::string& invocation) {
    daemon_ = std::make_unique<DaemonProcess>(daemon_config(fake_, {.with_token = false}));
    const auto log_path = daemon_->next_log_path();
    std::ofstream(log_path).flush();
    struct stat st {};
    EXPECT_EQ(::stat(log_path.c_str(), &st), 0);
    daemon_->add_env("JOURNAL_STREAM=" + std::to_string(st.st_dev) + ":" +
                     std::to_string(st.st_ino));
    daemon_->add_env(invocation);
    daemon_->start();
    EXPECT_EQ(daemon_->stop(), 0);
    return daemon_->log();
  }

  // Start-up, a warning and the stop, each with its "<N>" priority.
  static void expect_priority_lines(const std::string& log) {
    EXPECT_NE(log.find("<6>autofixd 0.1.0 starting with "), std::string::npos) << log;
    EXPECT_NE(log.find("\n<4>DRY-RUN: no Sentry token configured"), std::string::npos) << log;
    EXPECT_NE(log.find("\n<6>stopped\n"), std::string::npos) << log;
  }

  std::filesystem::path notify_dir_ = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "autofixd-sd-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return std::filesystem::path(pattern);
  }();
  NotifySocket notify_{notify_dir_ / "notify"};

  void TearDown() override {
    DaemonTest::TearDown();
    std::error_code ec;
    std::filesystem::remove_all(notify_dir_, ec);
  }
};

TEST_F(SystemdTest, TellsSystemdReadyStatusWatchdogReloadingAndStopping) {
  start_notified({.with_token = false});
  ASSERT_TRUE(eventually([&] { return notify_.find("READY=1") >= 0; }));
  const auto ready = static_cast<std::size_t>(notify_.find("READY=1"));
  EXPECT_NE(notify_.messages()[ready].find("STATUS=accepting webhooks"), std::string::npos);
  ASSERT_TRUE(eventually([&] { return notify_.count("WATCHDOG=1") >= 2; }));

  const auto before_reload = notify_.messages().size();
  daemon_->send_signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return notify_.find("RELOADING=1", before_reload) >= 0; }));
  const auto reloading = static_cast<std::size_t>(notify_.find("RELOADING=1", before_reload));
  EXPECT_NE(notify_.messages()[reloading].find("MONOTONIC_USEC="), std::string::npos);
  // Reloaded: READY=1 again, with a status saying what happened.
  ASSERT_TRUE(eventually([&] { return notify_.find("READY=1", reloading + 1) >= 0; }));
  const auto reloaded = static_cast<std::size_t>(notify_.find("READY=1", reloading + 1));
  EXPECT_NE(notify_.messages()[reloaded].find("STATUS=accepting webhooks; configuration reloaded"),
            std::string::npos)
      << notify_.messages()[reloaded];

  const auto before_stop = notify_.messages().size();
  EXPECT_EQ(daemon_->stop(), 0);
  const int stopping = notify_.find("STOPPING=1", before_stop);
  ASSERT_GE(stopping, 0);
  EXPECT_NE(notify_.messages()[static_cast<std::size_t>(stopping)].find("STATUS=shutting down"),
            std::string::npos);
}

// A store written by an older autofixd is migrated before READY=1. A large
// one takes minutes (bench/migration), longer than systemd's start timeout:
// meanwhile systemd is told to wait longer, and why.
TEST_F(SystemdTest, ExtendsTheStartTimeoutWhileMigratingAnOlderStore) {
  daemon_ = std::make_unique<DaemonProcess>(daemon_config(fake_, {.with_token = false}),
                                            std::vector<std::string>{notify_.env()});
  {
    std::filesystem::create_directories(daemon_->store_path().parent_path());
    auto db = store::Database::open(daemon_->store_path().string());
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(store::migrate(*db, store::kSchemaVersion - 1));
  }
  daemon_->start();
  ASSERT_TRUE(eventually([&] { return notify_.find("READY=1") >= 0; }));
  const auto extended = notify_.find("EXTEND_TIMEOUT_USEC=30000000\n");
  ASSERT_GE(extended, 0);
  EXPECT_LT(extended, notify_.find("READY=1"));
  EXPECT_NE(notify_.messages()[static_cast<std::size_t>(extended)].find(
                "STATUS=migrating the store to schema version " +
                std::to_string(store::kSchemaVersion)),
            std::string::npos)
      << notify_.messages()[static_cast<std::size_t>(extended)];
  const std::string log = daemon_->log();
  EXPECT_NE(log.find("store: migrating the schema from version " +
                     std::to_string(store::kSchemaVersion - 1)),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("store: schema migrated to version " + std::to_string(store::kSchemaVersion) +
                     " in "),
            std::string::npos)
      << log;
}

TEST_F(SystemdTest, NoWatchdogPingsWhileTheStoreThreadIsStuck) {
  start_notified({.with_token = false});
  ASSERT_TRUE(eventually([&] { return notify_.count("WATCHDOG=1") >= 2; }));

  // Another connection holds the write lock: every transaction the store
  // thread begins waits busy_timeout (5 s), so its no-op probe comes back
  // at most once in that time instead of every 500 ms.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(daemon_->store_path().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10'000);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto held_from = notify_.messages().size();
  std::this_thread::sleep_for(seconds(8));
  // A machine slower than expected sends fewer pings, never more: at most a
  // probe in flight when the lock was taken and one per 5 s wait.
  const auto pings_while_stuck = notify_.count("WATCHDOG=1", held_from);
  EXPECT_LE(pings_while_stuck, 3u) << "16 pings in 8 s when the store answers";
  ASSERT_EQ(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  const auto released_at = notify_.messages().size();
  EXPECT_TRUE(eventually([&] { return notify_.count("WATCHDOG=1", released_at) >= 3; }))
      << "pings did not resume after the store thread was free again";
  EXPECT_EQ(daemon_->stop(), 0);
}

// A listening socket the test owns, as a socket unit holds it.
class HeldSocket {
 public:
  HeldSocket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), size) != 0 ||
        ::listen(fd_, SOMAXCONN) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
  }
  ~HeldSocket() { ::close(fd_); }
  HeldSocket(const HeldSocket&) = delete;
  HeldSocket& operator=(const HeldSocket&) = delete;
  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// Like post_webhook, but waits up to a minute for the answer: a delivery
// sent while the daemon restarts is answered by the next one.
HttpResult post_patiently(std::uint16_t port, const std::string& body, const std::string& id) {
  const std::string raw =
      "POST /sentry/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      "Content-Type: application/json\r\nRequest-ID: " +
      id + "\r\nSentry-Hook-Resource: issue\r\nSentry-Hook-Timestamp: " +
      std::to_string(::time(nullptr)) +
      "\r\nSentry-Hook-Signature: " + intake::sign(body, kSecret) +
      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return raw_http(port, raw, seconds(60));
}

TEST_F(SystemdTest, SocketActivationRefusesNoWebhookAcrossRestarts) {
  HeldSocket held;
  auto config = daemon_config(fake_, {.with_token = false});
  const std::string any_port = "listen = \"127.0.0.1:0\"";
  config.replace(config.find(any_port), any_port.size(),
                 "listen = \"127.0.0.1:" + std::to_string(held.port()) + "\"");
  daemon_ = std::make_unique<DaemonProcess>(
      config, std::vector<std::string>{"LISTEN_FDS=1", "LISTEN_PID={PID}"});
  daemon_->inherit_socket(held.fd());
  daemon_->start();
  ASSERT_EQ(daemon_->port(), held.port());
  EXPECT_NE(daemon_->log().find("(socket passed by systemd)"), std::string::npos);

  constexpr int kSenders = 3;
  std::atomic<bool> done{false};
  std::atomic<int> sent{0};
  std::mutex mutex;
  std::map<std::string, int> status_of;  // by Request-ID
  std::vector<std::thread> senders;
  for (int t = 0; t < kSenders; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; !done.load(); ++i) {
        const auto id = "held-" + std::to_string(t) + "-" + std::to_string(i);
        const auto body = issue_webhook({.id = 77'000 + t, .count = 150 + i});
        const auto result = post_patiently(held.port(), body, id);
        ++sent;
        std::lock_guard lock(mutex);
        status_of[id] = result.status;
      }
    });
  }
  constexpr int kRestarts = 3;
  for (int restart = 0; restart < kRestarts; ++restart) {
    const int before = sent.load();
    ASSERT_TRUE(eventually([&] { return sent.load() >= before + 20; }, seconds(60)));
    ASSERT_EQ(daemon_->stop(), 0) << "restart " << restart;
    daemon_->start();
  }
  const int before = sent.load();
  EXPECT_TRUE(eventually([&] { return sent.load() >= before + 20; }, seconds(60)));
  done = true;
  for (auto& s : senders) s.join();

  std::map<int, int> by_status;
  for (const auto& [id, status] : status_of) by_status[status] += 1;
  EXPECT_EQ(by_status[202], static_cast<int>(status_of.size()))
      << "0 = refused or closed unanswered; " << by_status[0] << " of " << status_of.size();
  const auto stored = stored_request_ids();
  for (const auto& [id, status] : status_of) {
    if (status != 202) continue;
    EXPECT_TRUE(stored.contains(id)) << id << " was answered 202 but not stored";
  }
  EXPECT_EQ(daemon_->stop(), 0);
}

TEST_F(SystemdTest, SocketsForAnotherProcessAreIgnored) {
  // LISTEN_PID names another process (systemd passed them to a parent):
  // the daemon binds [server] listen itself, as without socket activation.
  daemon_ =
      std::make_unique<DaemonProcess>(daemon_config(fake_, {.with_token = false}),
                                      std::vector<std::string>{"LISTEN_FDS=1", "LISTEN_PID=1"});
  daemon_->start();
  EXPECT_EQ(daemon_->log().find("(socket passed by systemd)"), std::string::npos);
  EXPECT_EQ(post_webhook(daemon_->port(), "issue", issue_webhook({.id = 5}), "own-socket", kSecret)
                .status,
            202);
  EXPECT_EQ(daemon_->stop(), 0);
}

// Under systemd, stderr is a journal stream ($JOURNAL_STREAM = its
// device:inode): lines carry "<N>" priorities and no time of their own.
TEST_F(SystemdTest, LinesCarryJournalPrioritiesWhenStderrIsTheJournal) {
  // Not a service: the stream, never the journal's socket.
  const std::string log = run_on_journal_stream("INVOCATION_ID=");
  expect_priority_lines(log);
  EXPECT_EQ(log.find("[info]"), std::string::npos) << "a time stamp and level in brackets";
}

// As a service (INVOCATION_ID set) lines go to journald's socket with their
// ids as fields; where that socket is missing, as here, they go to the
// stream with their priority instead of being dropped (sd_journal_sendv
// reports success for a missing socket).
TEST_F(SystemdTest, AsAServiceWithoutAJournalSocketLinesStillReachTheStream) {
  if (std::filesystem::exists("/run/systemd/journal/socket")) {
    GTEST_SKIP() << "journald listens here: the lines would go to the real journal";
  }
  expect_priority_lines(run_on_journal_stream("INVOCATION_ID=0123456789abcdef0123456789abcdef"));
}

TEST_F(SystemdTest, JsonLogFormatWritesOneObjectPerLine) {
  daemon_ = std::make_unique<DaemonProcess>(daemon_config(fake_, {.with_token = false}));
  daemon_->set_global_args({"--log-format", "json"});
  daemon_->start();
  // A decision about issue 5: its line carries the issue as a field.
  ASSERT_EQ(post_webhook(daemon_->port(), "issue", issue_webhook({.id = 5}), "json-log-1", kSecret)
                .status,
            202);
  ASSERT_TRUE(eventually([&] { return daemon_->log().find("issue_id") != std::string::npos; }))
      << daemon_->log();
  EXPECT_EQ(daemon_->stop(), 0);
  std::istringstream lines(daemon_->log());
  int parsed = 0;
  bool saw_listening = false;
  bool saw_issue = false;
  for (std::string line; std::getline(lines, line);) {
    const auto object = nlohmann::json::parse(line);  // throws (fails) on a non-JSON line
    EXPECT_TRUE(object.at("ts").get<std::string>().ends_with("Z")) << line;
    EXPECT_TRUE(object.contains("level")) << line;
    const auto msg = object.at("msg").get<std::string>();
    saw_listening = saw_listening || msg.starts_with("listening on");
    if (object.contains("issue_id")) {
      EXPECT_EQ(object.at("issue_id"), "5") << line;
      EXPECT_NE(msg.find("issue 5"), std::string::npos) << line;
      saw_issue = true;
    }
    ++parsed;
  }
  EXPECT_GT(parsed, 3);
  EXPECT_TRUE(saw_listening);
  EXPECT_TRUE(saw_issue);
}

}  // namespace
}  // namespace autofixd::testing
