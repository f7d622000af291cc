// [server] allowed_installations: the optional allow-list of Sentry
// integration installation UUIDs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::error_of;
using testing::kMinimal;
using testing::parse;

std::string with_server(std::string_view server_keys) {
  return std::string(kMinimal) + "[server]\n" + std::string(server_keys);
}

TEST(AllowedInstallations, EmptyByDefaultSoAnyInstallationIsAccepted) {
  const Result<Config> c = parse(kMinimal);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->server.allowed_installations.empty());
}

TEST(AllowedInstallations, ReadsUuidsAndLowercasesThem) {
  const Result<Config> c =
      parse(with_server("allowed_installations = [\"7A485448-A9E2-4C85-8A3C-4F44175783C9\", "
                        "\"00000000-0000-0000-0000-000000000001\"]\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.allowed_installations,
            (std::vector<std::string>{"7a485448-a9e2-4c85-8a3c-4f44175783c9",
                                      "00000000-0000-0000-0000-000000000001"}));
}

TEST(AllowedInstallations, RejectsSomethingThatIsNotAUuidNamingTheElement) {
  EXPECT_EQ(
      error_of(with_server("allowed_installations = [\"7a485448-a9e2-4c85-8a3c-4f44175783c9\", "
                           "\"my-install\"]\n")),
      "autofixd.toml:4: server.allowed_installations[1]: \"my-install\" is not an "
      "installation UUID (expected the form \"7a485448-a9e2-4c85-8a3c-4f44175783c9\")");
}

TEST(AllowedInstallations, RejectsUuidWithMisplacedDashes) {
  EXPECT_NE(
      error_of(with_server("allowed_installations = [\"7a485448a-9e2-4c85-8a3c-4f44175783c9\"]\n")),
      "<valid>");
}

TEST(AllowedInstallations, RejectsAStringInsteadOfAnArray) {
  EXPECT_EQ(
      error_of(with_server("allowed_installations = \"7a485448-a9e2-4c85-8a3c-4f44175783c9\"\n")),
      "autofixd.toml:4: server.allowed_installations: "
      "\"7a485448-a9e2-4c85-8a3c-4f44175783c9\" is a string (expected an array of strings)");
}

TEST(AllowedInstallations, DescribeListsThemOrSaysAny) {
  const Result<Config> any = parse(kMinimal);
  ASSERT_TRUE(any);
  EXPECT_NE(describe(*any).find("  installations:       any\n"), std::string::npos)
      << describe(*any);
  const Result<Config> one =
      parse(with_server("allowed_installations = [\"7a485448-a9e2-4c85-8a3c-4f44175783c9\"]\n"));
  ASSERT_TRUE(one);
  EXPECT_NE(describe(*one).find("  installations:       7a485448-a9e2-4c85-8a3c-4f44175783c9\n"),
            std::string::npos);
  const auto json = nlohmann::json::parse(describe_json(*one));
  EXPECT_EQ(json["server"]["allowed_installations"],
            nlohmann::json::array({"7a485448-a9e2-4c85-8a3c-4f44175783c9"}));
}

}  // namespace
}  // namespace autofixd::config
