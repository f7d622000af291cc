#pragma once
// A FakeOwlmetry over HTTPS and calls to it as the daemon would make them,
// for the fake's own tests.

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/fake_owlmetry.hpp"
#include "integration/http_call.hpp"

namespace autofixd::testing {

class FakeOwlmetryTest : public ::testing::Test {
 protected:
  static constexpr const char* kProject = "p0000000-0000-4000-8000-000000000001";

  HttpResult call(std::string method, std::string target, std::string body = "",
                  std::string key = "owl_k3y") {
    HttpCall request{std::move(method), std::move(target), {}, std::move(body)};
    if (!key.empty()) request.headers.emplace_back("Authorization", "Bearer " + key);
    if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    return http_call(owl_.port(), owl_.ca_file(), request);
  }
  HttpResult get(std::string target) { return call("GET", std::move(target)); }
  HttpResult patch_status(const std::string& issue, nlohmann::json body) {
    return call("PATCH", FakeOwlmetry::issue_path(kProject, issue), body.dump());
  }
  HttpResult post_comment(const std::string& issue, std::string text) {
    return call("POST", FakeOwlmetry::comments_path(kProject, issue),
                nlohmann::json{{"body", std::move(text)}}.dump());
  }
  static nlohmann::json json(const HttpResult& result) {
    return nlohmann::json::parse(result.body, nullptr, false);
  }

  FakeOwlmetry owl_;
};

}  // namespace autofixd::testing
