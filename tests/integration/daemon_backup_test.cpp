// `autofixd backup` while the real daemon takes a steady stream of webhooks:
// the copy holds every delivery acknowledged before the backup began, is a
// sound SQLite file, and works as a store for the CLI.
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

#include "integration/daemon_fixture.hpp"
#include "store/migrations.hpp"

namespace autofixd::testing {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs the autofixd binary with `args`; returns its exit code and stdout.
std::pair<int, std::string> run_cli(const std::string& args) {
  const std::string command = std::string(AUTOFIXD_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class BackupTest : public DaemonTest {
 protected:
  // Sends issue webhooks (rules skip them: level info) until stopped,
  // recording each acknowledged Request-ID.
  void stream() {
    for (int i = 0; !stop_; ++i) {
      const std::string id = "stream-" + std::to_string(i);
      const auto sent = send_issue({.id = 5000 + i, .level = "info"}, id);
      if (sent.status == 202) {
        std::lock_guard lock(mutex_);
        acked_.push_back(id);
      }
    }
  }
  std::vector<std::string> acked() {
    std::lock_guard lock(mutex_);
    return acked_;
  }

  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> acked_;
};

TEST_F(BackupTest, CopyDuringAWebhookStreamHoldsEveryEarlierDeliveryAndIsSound) {
  start_daemon();
  std::thread sender([this] { stream(); });
  ASSERT_TRUE(eventually([&] { return acked().size() >= 150; }, std::chrono::seconds(60)));
  const auto before = acked();
  const auto dest = daemon_->dir() / "backups" / "copy.db";
  std::filesystem::create_directories(dest.parent_path());
  // One page per step: the copy spans many steps while deliveries keep coming.
  const auto [code, out] = daemon_->cli({"backup", dest.string(), "--step-pages", "1"});
  const auto during = acked().size() - before.size();
  stop_ = true;
  sender.join();
  ASSERT_EQ(code, 0) << out << daemon_->cli_errors();
  EXPECT_NE(out.find("schema version " + std::to_string(store::kSchemaVersion)), std::string::npos)
      << out;
  EXPECT_NE(out.find(" pages ("), std::string::npos) << out;
  EXPECT_GT(during, 0u) << "no webhook was acknowledged while the backup ran";

  struct stat st{};
  ASSERT_EQ(::stat(dest.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (const auto& entry : std::filesystem::directory_iterator(dest.parent_path())) {
    EXPECT_EQ(entry.path(), dest) << "left behind: " << entry.path();
  }
  {
    auto copy = store::Store::open_read_only(dest.string());
    ASSERT_TRUE(copy) << copy.error().message;
    auto check = store::Statement::prepare(copy->database(), "PRAGMA integrity_check");
    ASSERT_TRUE(check);
    ASSERT_TRUE(check->step());
    EXPECT_EQ(check->column_text(0), "ok");
  }

  // The copy as a store: the CLI lists every delivery acknowledged before.
  std::string config = read_text(daemon_->config_path());
  const std::string live = daemon_->store_path().string();
  ASSERT_NE(config.find(live), std::string::npos) << config;
  config.replace(config.find(live), live.size(), dest.string());
  const auto copy_config = daemon_->dir() / "copy.toml";
  std::ofstream(copy_config) << config;
  std::filesystem::permissions(copy_config, std::filesystem::perms::owner_read |
                                                std::filesystem::perms::owner_write);  // inline secret
  const auto [listed, json] =
      run_cli("deliveries --json --limit 1000000 --config " + copy_config.string());
  ASSERT_EQ(listed, 0) << json;
  std::set<std::string> in_copy;
  for (const auto& d : nlohmann::json::parse(json)) in_copy.insert(d.value("request_id", ""));
  for (const auto& id : before) EXPECT_TRUE(in_copy.contains(id)) << id << " missing from the copy";
  EXPECT_EQ(run_cli("runs --json --config " + copy_config.string()).first, 0);

  // An existing copy is kept unless --force.
  const auto [again, said] = daemon_->cli({"backup", dest.string()});
  EXPECT_EQ(again, 1);
  EXPECT_NE(daemon_->cli_errors().find("--force"), std::string::npos) << said;
  EXPECT_EQ(daemon_->cli({"backup", dest.string(), "--force"}).first, 0);
  EXPECT_EQ(daemon_->stop(), 0);
}

}  // namespace
}  // namespace autofixd::testing
