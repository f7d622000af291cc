// SIGHUP: keys bound at start are kept (and named), everything else applies.
#include <gtest/gtest.h>

#include "config/reload.hpp"

namespace autofixd::config {
namespace {

Config running() {
  Config c;
  c.sentry.token = "t0k";
  c.sentry.organization = "acme";
  c.server.listen_port = 8080;
  Rule r;
  r.name = "r";
  c.rules.push_back(r);
  return c;
}

TEST(ReloadTest, NothingBoundAtStartChangedKeepsNothing) {
  Config next = running();
  next.rules[0].min_events = 5;
  next.budget.max_runs_per_hour = 10;
  next.sentry.token = "rotated";
  next.server.client_secrets = {"new"};
  next.log.level = "debug";
  EXPECT_TRUE(keep_restart_only_keys(running(), next).empty());
  EXPECT_EQ(next.sentry.token, "rotated");  // rotation applies
  EXPECT_EQ(next.rules[0].min_events, 5);
}

TEST(ReloadTest, EachBoundKeyIsKeptAndNamed) {
  Config next = running();
  next.server.listen_port = 9090;
  next.server.max_body_bytes = 1;
  next.sentry.organization = "other";
  next.sentry.request_timeout = Millis{1};
  next.store.path = "/elsewhere.db";
  const auto kept = keep_restart_only_keys(running(), next);
  std::vector<std::string> keys;
  for (const auto& k : kept) keys.push_back(k.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"server.listen", "server.max_body_bytes", "store.path",
                                            "sentry.organization", "sentry.request_timeout"}));
  EXPECT_EQ(kept[0].running, "127.0.0.1:8080");
  EXPECT_EQ(kept[0].wanted, "127.0.0.1:9090");
  EXPECT_EQ(next.server.listen_port, 8080);
  EXPECT_EQ(next.server.max_body_bytes, running().server.max_body_bytes);
  EXPECT_EQ(next.sentry.organization, "acme");
  EXPECT_EQ(next.store.path, running().store.path);
}

TEST(ReloadTest, TokenModeSwitchWaitsForRestartWithoutShowingTheToken) {
  Config dry = running();
  dry.sentry.token.clear();
  Config next = running();  // a token appeared
  const auto kept = keep_restart_only_keys(dry, next);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].key, "sentry.token");
  EXPECT_EQ(kept[0].running, "none (dry-run)");
  EXPECT_EQ(kept[0].wanted, "set (live)");
  EXPECT_TRUE(next.dry_run());
  Config gone = running();
  gone.sentry.token.clear();
  EXPECT_EQ(keep_restart_only_keys(running(), gone).size(), 1u);
  EXPECT_EQ(gone.sentry.token, "t0k");
}

}  // namespace
}  // namespace autofixd::config
