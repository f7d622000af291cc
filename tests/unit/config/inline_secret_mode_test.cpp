// An inline secret is refused in a config file group or others may read; a
// private file, secret files and text not read from a file are unaffected.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::env_of;
using testing::TempDir;

constexpr std::string_view kInlineSecret =
    "[server]\n"
    "client_secret = \"s3cret\"\n"
    "[sentry]\n"
    "organization = \"acme\"\n";

std::string expected_hint(const std::string& file, std::string_view instead) {
  return "an inline secret in a config file readable by group or others (mode 0644) (expected the "
         "file at mode 0600 or stricter: run chmod 600 " +
         file + "; or the secret in " + std::string(instead) + ")";
}

TEST(InlineSecretMode, WorldReadableFileWithInlineSecretIsRefused) {
  TempDir dir;
  const std::string file = dir.write("autofixd.toml", std::string(kInlineSecret), 0644);
  const Result<Config> c = load_config(file, env_of());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config.inline_secret_mode");
  EXPECT_EQ(
      c.error().message,
      file + ":2: server.client_secret: " +
          expected_hint(file, "client_secret_file, a systemd credential or SENTRY_CLIENT_SECRET"));
}

TEST(InlineSecretMode, PrivateFileWithInlineSecretLoads) {
  TempDir dir;
  const std::string file = dir.write("autofixd.toml", std::string(kInlineSecret), 0600);
  const Result<Config> c = load_config(file, env_of());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"s3cret"}));
}

TEST(InlineSecretMode, GroupReadableCountsAndEveryInlineSecretIsNamed) {
  TempDir dir;
  const std::string file = dir.write("autofixd.toml",
                                     "[server]\n"
                                     "client_secrets = [\"new\", \"old\"]\n"
                                     "[sentry]\n"
                                     "organization = \"acme\"\n"
                                     "token = \"sntrys_abc\"\n"
                                     "client_secret = \"other\"\n",
                                     0640);
  const Result<Config> c = load_config(file, env_of());
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  EXPECT_NE(
      m.find(file + ":2: server.client_secrets[0]: an inline secret in a config file readable "
                    "by group or others (mode 0640)"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find(file + ":2: server.client_secrets[1]: "), std::string::npos) << m;
  EXPECT_NE(m.find(file + ":5: sentry.token: "), std::string::npos) << m;
  EXPECT_NE(m.find("or the secret in token_file, a systemd credential or SENTRY_TOKEN)"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find(file + ":6: sentry.client_secret: "), std::string::npos) << m;
}

TEST(InlineSecretMode, EnvironmentOverrideDoesNotExcuseTheSecretInTheFile) {
  // Whoever reads the file still reads the secret.
  TempDir dir;
  const std::string file = dir.write("autofixd.toml", std::string(kInlineSecret), 0604);
  const Result<Config> c = load_config(file, env_of({{"SENTRY_CLIENT_SECRET", "from-env"}}));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config.inline_secret_mode");
}

TEST(InlineSecretMode, SecretFilesInAWorldReadableConfigAreFine) {
  TempDir dir;
  const std::string secret = dir.write("client-secret", "s3cret\n", 0600);
  const std::string file = dir.write(
      "autofixd.toml",
      "[server]\nclient_secret_file = \"" + secret + "\"\n[sentry]\norganization = \"acme\"\n",
      0644);
  const Result<Config> c = load_config(file, env_of());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"s3cret"}));
}

TEST(InlineSecretMode, TextNotReadFromAFileIsNotJudged) {
  EXPECT_TRUE(parse_config(kInlineSecret, "autofixd.toml", env_of()));
  EXPECT_FALSE(parse_config(kInlineSecret, "autofixd.toml", env_of(), 0644u));
  EXPECT_TRUE(parse_config(kInlineSecret, "autofixd.toml", env_of(), 0600u));
}

}  // namespace
}  // namespace autofixd::config
