// Secrets: environment beats file beats inline; secret files are checked.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::env_of;
using testing::error_of;
using testing::parse;
using testing::TempDir;

std::string sentry_with(const std::string& extra) {
  return "[sentry]\norganization = \"acme\"\n" + extra;
}

TEST(Secrets, NoTokenMeansDryRun) {
  const Result<Config> c = parse(sentry_with(""));
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->dry_run());
  EXPECT_EQ(c->sentry.token_source, "");
}

TEST(Secrets, ReadsTokenFileAndTrimsTrailingWhitespace) {
  TempDir dir;
  const std::string file = dir.write("token", "sntrys_abc \n\n");
  const Result<Config> c = parse(sentry_with("token_file = \"" + file + "\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.token, "sntrys_abc");
  EXPECT_EQ(c->sentry.token_source, "file " + file);
  EXPECT_FALSE(c->dry_run());
}

TEST(Secrets, FileBeatsInlineToken) {
  TempDir dir;
  const std::string file = dir.write("token", "from-file\n");
  const Result<Config> c =
      parse(sentry_with("token = \"inline\"\ntoken_file = \"" + file + "\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.token, "from-file");
}

TEST(Secrets, EnvironmentTokenBeatsFileWithoutOpeningIt) {
  const Result<Config> c = parse(sentry_with("token_file = \"/nonexistent/token\"\n"),
                                 env_of({{"SENTRY_TOKEN", "from-env"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.token, "from-env");
  EXPECT_EQ(c->sentry.token_source, "SENTRY_TOKEN");
  EXPECT_EQ(c->env_overrides, (std::vector<std::string>{"SENTRY_TOKEN"}));
}

TEST(Secrets, EmptyEnvironmentVariableCountsAsUnset) {
  const Result<Config> c = parse(sentry_with(""), env_of({{"SENTRY_TOKEN", ""}}));
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->dry_run());
}

TEST(Secrets, RejectsMissingTokenFile) {
  const Result<Config> c = parse(sentry_with("token_file = \"/nonexistent/token\"\n"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config.secret_file");
  EXPECT_EQ(c.error().message,
            "autofixd.toml:3: sentry.token_file: cannot read \"/nonexistent/token\": No such file "
            "or directory (expected a readable file holding the secret)");
}

TEST(Secrets, RejectsEmptyTokenFile) {
  TempDir dir;
  const std::string file = dir.write("token", " \n");
  EXPECT_EQ(error_of(sentry_with("token_file = \"" + file + "\"\n")),
            "autofixd.toml:3: sentry.token_file: \"" + file +
                "\" is empty (expected the secret as the file's content)");
}

TEST(Secrets, RejectsTokenFileReadableByOthers) {
  TempDir dir;
  const std::string file = dir.write("token", "secret\n", 0644);
  const Result<Config> c = parse(sentry_with("token_file = \"" + file + "\"\n"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config.secret_file_mode");
  EXPECT_EQ(c.error().message, "autofixd.toml:3: sentry.token_file: \"" + file +
                                   "\" is readable by group or others (mode 0644) (expected "
                                   "mode 0600 or stricter: run chmod 600 " +
                                   file + ")");
}

TEST(Secrets, RejectsDirectoryAsSecretFile) {
  TempDir dir;
  EXPECT_EQ(error_of(sentry_with("token_file = \"" + dir.path().string() + "\"\n")),
            "autofixd.toml:3: sentry.token_file: \"" + dir.path().string() +
                "\" is not a regular file (expected a file holding the secret)");
}

TEST(Secrets, ResolvesRelativeSecretFileAgainstConfigDirectory) {
  TempDir dir;
  dir.write("secrets/token", "tok\n");
  const std::string config =
      dir.write("autofixd.toml", sentry_with("token_file = \"secrets/token\"\n"));
  const Result<Config> c = load_config(config, env_of());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.token, "tok");
}

TEST(Secrets, ReadsClientSecretFilesFromBothTables) {
  TempDir dir;
  const std::string a = dir.write("a", "secret-a\n");
  const std::string b = dir.write("b", "secret-b\r\n");
  const Result<Config> c = parse("[server]\nclient_secret_file = \"" + a + "\"\n" +
                                 sentry_with("client_secret_file = \"" + b + "\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"secret-a", "secret-b"}));
  EXPECT_EQ(c->server.client_secret_sources, (std::vector<std::string>{"file " + a, "file " + b}));
}

TEST(Secrets, ClientSecretFileComesBeforeInlineSecret) {
  TempDir dir;
  const std::string file = dir.write("s", "from-file");
  const Result<Config> c =
      parse(sentry_with("client_secret = \"inline\"\nclient_secret_file = \"" + file + "\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"from-file", "inline"}));
}

TEST(Secrets, EnvironmentClientSecretReplacesAllOthers) {
  const Result<Config> c = parse("[server]\nclient_secrets = [\"a\", \"b\"]\n" +
                                     sentry_with("client_secret_file = \"/nonexistent/secret\"\n"),
                                 env_of({{"SENTRY_CLIENT_SECRET", "env-secret"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"env-secret"}));
  EXPECT_EQ(c->server.client_secret_sources, (std::vector<std::string>{"SENTRY_CLIENT_SECRET"}));
}

TEST(Secrets, RejectsMissingClientSecretFile) {
  EXPECT_EQ(error_of("[server]\nclient_secret_file = \"/nonexistent/secret\"\n" + sentry_with("")),
            "autofixd.toml:2: server.client_secret_file: cannot read \"/nonexistent/secret\": No "
            "such file or directory (expected a readable file holding the secret)");
}

std::string tls_table(const std::string& cert, const std::string& key) {
  return std::string(testing::kMinimal) + "[server.tls]\ncert_file = \"" + cert +
         "\"\nkey_file = \"" + key + "\"\n";
}

TEST(Secrets, AcceptsTlsKeyFileReadableOnlyByItsOwner) {
  TempDir dir;
  const std::string cert = dir.write("cert.pem", "certificate\n");
  const std::string key = dir.write("key.pem", "key\n", 0600);
  const Result<Config> c = parse(tls_table(cert, key));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.tls.key_file, key);
}

TEST(Secrets, RejectsTlsKeyFileReadableByGroup) {
  TempDir dir;
  const std::string cert = dir.write("cert.pem", "certificate\n");
  const std::string key = dir.write("key.pem", "key\n", 0640);
  const Result<Config> c = parse(tls_table(cert, key));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config.secret_file_mode");
  EXPECT_EQ(c.error().message, "autofixd.toml:5: server.tls.key_file: \"" + key +
                                   "\" is readable by group or others (mode 0640) (expected "
                                   "mode 0600 or stricter: run chmod 600 " + key + ")");
}

TEST(Secrets, RejectsMissingTlsKeyFile) {
  TempDir dir;
  const std::string cert = dir.write("cert.pem", "certificate\n");
  EXPECT_EQ(error_of(tls_table(cert, "/nonexistent/key.pem")),
            "autofixd.toml:5: server.tls.key_file: cannot read \"/nonexistent/key.pem\": No "
            "such file or directory (expected a readable file holding the secret)");
}

}  // namespace
}  // namespace autofixd::config
