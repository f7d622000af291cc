#pragma once
// Talks to FakeSentry's Seer model with plain HTTP requests (no daemon code)
// and reads its answers back as short summaries.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "integration/daemon_process.hpp"
#include "integration/fake_sentry.hpp"

namespace autofixd::testing {

class FakeSentrySeerTest : public ::testing::Test {
 protected:
  using Json = nlohmann::json;

  HttpResult get(const std::string& target) {
    return http_request(fake_.port(), "GET", target, auth(), "");
  }
  HttpResult post(std::int64_t issue, const Json& body,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const std::string text = body.dump();
    std::string raw = "POST " + fake_.autofix_path(issue) +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      "Authorization: Bearer " +
                      fake_.token() + "\r\nContent-Type: application/json\r\nContent-Length: " +
                      std::to_string(text.size()) + "\r\n\r\n" + text;
    return raw_http(fake_.port(), raw, timeout);
  }
  // The "autofix" member of GET autofix (null when there is no run).
  Json autofix(std::int64_t issue) {
    auto answer = get(fake_.autofix_path(issue));
    EXPECT_EQ(answer.status, 200) << answer.body;
    return Json::parse(answer.body, nullptr, false).value("autofix", Json());
  }
  Json issue_details(std::int64_t issue) {
    return Json::parse(get(fake_.issue_path(issue)).body, nullptr, false);
  }

  // "status step[ loading][ pr:<status>][ agent:<status>][ ?]" for one state:
  // the step is the last block's with metadata.step, "loading" when any block
  // is, "?" when Seer asks a question.
  static std::string summary(const Json& autofix) {
    if (autofix.is_null()) return "null";
    std::string step = "-";
    bool loading = false;
    for (const auto& block : autofix["blocks"]) {
      const auto& metadata = block["message"]["metadata"];
      if (metadata.is_object() && metadata.contains("step")) step = metadata["step"];
      loading = loading || block.value("loading", false);
    }
    std::string out = autofix["status"].get<std::string>() + " " + step;
    if (loading) out += " loading";
    for (const auto& [repo, pr] : autofix["repo_pr_states"].items()) {
      out += " pr:" + pr["pr_creation_status"].get<std::string>();
    }
    for (const auto& [id, agent] : autofix["coding_agents"].items()) {
      out += " agent:" + agent["status"].get<std::string>();
    }
    if (!autofix["pending_user_input"].is_null()) out += " ?";
    return out;
  }

  // Summaries of the next `count` GETs.
  std::vector<std::string> next_gets(std::int64_t issue, std::size_t count) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) out.push_back(summary(autofix(issue)));
    return out;
  }

  // Starts a run for `issue` with `stopping_point`; its 202 body.
  Json start(std::int64_t issue, const std::string& stopping_point) {
    auto answer = post(issue, {{"stopping_point", stopping_point}});
    EXPECT_EQ(answer.status, 202) << answer.body;
    return Json::parse(answer.body, nullptr, false);
  }

  HeaderList auth() const { return {{"Authorization", "Bearer " + fake_.token()}}; }

  FakeSentry fake_{{.tls = false}};
};

// The artifact `key` of the last block that has one; null when none.
inline nlohmann::json artifact(const nlohmann::json& autofix, const std::string& key) {
  nlohmann::json found;
  for (const auto& block : autofix["blocks"]) {
    for (const auto& a : block["artifacts"]) {
      if (a["key"] == key) found = a["data"];
    }
  }
  return found;
}

}  // namespace autofixd::testing
