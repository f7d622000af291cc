// describe() and describe_json(): what check-config prints; never a secret.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::env_of;
using testing::parse;
using testing::TempDir;

constexpr std::string_view kRules = R"(
[[rule]]
name = "backend-errors"
projects = ["backend"]
levels = ["error", "fatal"]
min_events = 10
min_users = 1
min_fixability = "medium"
stopping_point = "open_pr"
instruction = "Prefer minimal fixes; add a regression test."
cooldown = "24h"
max_runs_per_day = 20

[[rule]]
name = "anything"
min_fixability = 0.5
)";

Config load(std::string_view text, const GetEnv& env = env_of()) {
  Result<Config> c = parse(text, env);
  EXPECT_TRUE(c) << c.error().message;
  return std::move(c).value();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Describe, ListsRulesInOrderWithFiltersAndActions) {
  const std::string text =
      describe(load("[sentry]\norganization = \"acme\"\n" + std::string(kRules)));
  EXPECT_TRUE(contains(text,
                       "  1. backend-errors  projects=backend levels=error,fatal min_events>=10 "
                       "min_users>=1 min_fixability>=medium(0.40) \u2192 stopping_point=open_pr "
                       "cooldown=24h max_runs_per_day=20 max_runs_per_hour=unlimited\n"))
      << text;
  EXPECT_TRUE(
      contains(text, "     instruction: \"Prefer minimal fixes; add a regression test.\"\n"));
  EXPECT_TRUE(contains(text,
                       "  2. anything  projects=all levels=all min_fixability>=0.5 \u2192 "
                       "stopping_point=root_cause cooldown=none max_runs_per_day=unlimited "
                             "max_runs_per_hour=unlimited\n"))
      << text;
}

TEST(Describe, SaysDryRunAndWhyWithoutToken) {
  const std::string text = describe(load("[sentry]\norganization = \"acme\"\n"));
  EXPECT_TRUE(contains(text, "mode: DRY-RUN: no Sentry token (set SENTRY_TOKEN")) << text;
  EXPECT_TRUE(contains(text, "  token:               not set\n")) << text;
  EXPECT_TRUE(contains(text, "  listen:              127.0.0.1:8080\n")) << text;
  EXPECT_TRUE(contains(text, "  webhook path:        /sentry/webhook\n")) << text;
  EXPECT_TRUE(contains(text, "  base url:            https://sentry.io\n")) << text;
  EXPECT_TRUE(contains(text, "  organization:        acme\n")) << text;
}

TEST(Describe, WarnsThatEveryWebhookIsRefusedWithoutClientSecret) {
  const std::string text = describe(load("[sentry]\norganization = \"acme\"\n"));
  EXPECT_TRUE(contains(text, "  client secrets:      none: every webhook will be refused (401)\n"))
      << text;
  EXPECT_TRUE(contains(text,
                       "warnings:\n  - no client secret is configured, so every webhook "
                       "will be refused (401)"))
      << text;
}

TEST(Describe, NamesSecretSourcesButNeverSecrets) {
  TempDir dir;
  const std::string secret_file = dir.write("client-secret", "FILE-SECRET-TEXT\n");
  const std::string config_text =
      "[server]\nclient_secrets = [\"INLINE-SECRET-TEXT\"]\n"
      "[sentry]\norganization = \"acme\"\nclient_secret_file = \"" +
      secret_file + "\"\n" + std::string(kRules);
  const Config c = load(config_text, env_of({{"SENTRY_TOKEN", "ENV-TOKEN-TEXT"}}));
  const std::string text = describe(c);
  const std::string json = describe_json(c);
  for (const std::string& out : {text, json}) {
    EXPECT_FALSE(contains(out, "ENV-TOKEN-TEXT")) << out;
    EXPECT_FALSE(contains(out, "FILE-SECRET-TEXT")) << out;
    EXPECT_FALSE(contains(out, "INLINE-SECRET-TEXT")) << out;
  }
  EXPECT_TRUE(contains(text, "mode: live: Sentry token from SENTRY_TOKEN\n")) << text;
  EXPECT_TRUE(contains(text, "  token:               set (from SENTRY_TOKEN)\n")) << text;
  EXPECT_TRUE(contains(text, "  client secrets:      2 set (from file " + secret_file +
                                 "; config key server.client_secrets[0])\n"))
      << text;
  EXPECT_TRUE(contains(text, "environment overrides: SENTRY_TOKEN\n")) << text;
}

TEST(Describe, NamesTokenFile) {
  TempDir dir;
  const std::string token = dir.write("token", "TOKEN-IN-FILE\n");
  const Config c = load("[sentry]\norganization = \"acme\"\ntoken_file = \"" + token + "\"\n");
  const std::string text = describe(c);
  EXPECT_FALSE(contains(text, "TOKEN-IN-FILE"));
  EXPECT_TRUE(contains(text, "  token:               set (from file " + token + ")\n")) << text;
}

constexpr std::string_view kTargeted = R"([sentry]
organization = "acme"
[[rule]]
name = "targeted"
priorities = ["high"]
substatuses = ["new", "regressed"]
title_excludes = "ChunkLoadError"
max_age = "14d"
unhandled_only = true
)";

TEST(Describe, ShowsTargetingFilters) {
  const std::string text = describe(load(kTargeted));
  EXPECT_TRUE(contains(text,
                       "     targeting: priorities=high substatuses=new,regressed "
                       "title_excludes=/ChunkLoadError/ max_age=14d unhandled_only\n"))
      << text;
}

TEST(DescribeJson, ShowsTargetingFilters) {
  const nlohmann::json j = nlohmann::json::parse(describe_json(load(kTargeted)));
  const nlohmann::json& r = j["rules"][0];
  EXPECT_EQ(r["priorities"], nlohmann::json::array({"high"}));
  EXPECT_EQ(r["categories"], nlohmann::json::array());
  EXPECT_EQ(r["title_excludes"], "ChunkLoadError");
  EXPECT_EQ(r["title_matches"], nullptr);
  EXPECT_EQ(r["max_age"], "14d");
  EXPECT_EQ(r["unhandled_only"], true);
}

TEST(DescribeJson, IsOneJsonObjectWithTheSameFacts) {
  const Config c = load("[sentry]\norganization = \"acme\"\n" + std::string(kRules));
  const nlohmann::json j = nlohmann::json::parse(describe_json(c));
  EXPECT_EQ(j["mode"], "dry-run");
  EXPECT_EQ(j["sentry"]["token"], "not set");
  EXPECT_EQ(j["sentry"]["organization"], "acme");
  EXPECT_EQ(j["server"]["listen"], "127.0.0.1:8080");
  EXPECT_EQ(j["server"]["client_secrets"]["count"], 0);
  EXPECT_EQ(j["polling"]["max_interval"], "2m");
  ASSERT_EQ(j["rules"].size(), 2u);
  EXPECT_EQ(j["rules"][0]["name"], "backend-errors");
  EXPECT_EQ(j["rules"][0]["min_fixability_text"], "medium");
  EXPECT_EQ(j["rules"][0]["min_fixability"], 0.40);
  EXPECT_EQ(j["rules"][0]["stopping_point"], "open_pr");
  EXPECT_EQ(j["rules"][0]["cooldown"], "24h");
  EXPECT_EQ(j["rules"][1]["max_runs_per_day"], nullptr);
  EXPECT_FALSE(j["warnings"].empty());
}

}  // namespace
}  // namespace autofixd::config
