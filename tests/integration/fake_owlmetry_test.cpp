// FakeOwlmetry over real HTTPS: auth, listing order and pages, filters,
// issue details, comments (seed 003).

#include <set>

#include "integration/fake_owlmetry_fixture.hpp"

namespace autofixd::testing {
namespace {

using Json = nlohmann::json;

std::vector<std::string> ids_of(const Json& page) {
  std::vector<std::string> out;
  for (const auto& issue : page["issues"]) out.push_back(issue["id"].get<std::string>());
  return out;
}

TEST_F(FakeOwlmetryTest, RequestsWithoutAValidBearerKeyAre401) {
  owl_.add_project(kProject);
  const auto path = FakeOwlmetry::issues_path(kProject);

  auto missing = call("GET", path, "", "");
  auto wrong = call("GET", path, "", "not-the-key");
  auto right = call("GET", path);

  EXPECT_EQ(missing.status, 401);
  EXPECT_TRUE(json(missing).contains("error")) << missing.body;
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(right.status, 200) << right.body;
  EXPECT_EQ(owl_.count(OwlRoute::list_issues), 3u);
}

TEST_F(FakeOwlmetryTest, ListsIssuesInTheSeedsShapeNewestSeenFirst) {
  auto older = owl_.add_issue(kProject, {.title = "old"});
  auto newer = owl_.add_issue(kProject, {.title = "new"});
  auto oldest =
      owl_.add_issue(kProject, {.title = "oldest", .last_seen_at = "2020-01-01T00:00:00.000Z"});

  auto page = json(get(FakeOwlmetry::issues_path(kProject)));

  EXPECT_EQ(ids_of(page), (std::vector<std::string>{newer, older, oldest}));
  EXPECT_EQ(page["has_more"], false);
  EXPECT_TRUE(page["cursor"].is_null());
  const Json& first = page["issues"][0];
  EXPECT_EQ(first["title"], "new");
  EXPECT_EQ(first["status"], "new");
  EXPECT_EQ(first["project_id"], kProject);
  for (const char* key :
       {"app_id", "source_module", "is_dev", "occurrence_count", "unique_user_count",
        "resolved_at_version", "first_seen_at", "last_seen_at", "snoozed_at", "created_at",
        "updated_at", "fingerprints", "app_name"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
}

TEST_F(FakeOwlmetryTest, CursorPagesVisitEveryIssueExactlyOnceInOrder) {
  std::vector<std::string> added;
  for (int i = 0; i < 7; ++i)
    added.push_back(owl_.add_issue(kProject, {.title = std::to_string(i)}));
  const std::vector<std::string> expected(added.rbegin(), added.rend());

  std::vector<std::string> seen;
  std::vector<std::size_t> sizes;
  std::string target = FakeOwlmetry::issues_path(kProject) + "?limit=3";
  for (int pages = 0; pages < 10; ++pages) {
    auto page = json(get(target));
    auto ids = ids_of(page);
    seen.insert(seen.end(), ids.begin(), ids.end());
    sizes.push_back(ids.size());
    if (!page["has_more"].get<bool>()) {
      EXPECT_TRUE(page["cursor"].is_null());
      break;
    }
    EXPECT_EQ(page["cursor"], ids.back());
    target = FakeOwlmetry::issues_path(kProject) +
             "?limit=3&cursor=" + page["cursor"].get<std::string>();
  }

  EXPECT_EQ(seen, expected);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 3, 1}));
}

TEST_F(FakeOwlmetryTest, LimitDefaultsTo50AndOutside1To200Is400) {
  for (int i = 0; i < 51; ++i) owl_.add_issue(kProject);
  const auto path = FakeOwlmetry::issues_path(kProject);

  auto default_page = json(get(path));
  EXPECT_EQ(default_page["issues"].size(), 50u);
  EXPECT_EQ(default_page["has_more"], true);
  EXPECT_EQ(json(get(path + "?limit=200"))["issues"].size(), 51u);
  EXPECT_EQ(json(get(path + "?limit=1"))["issues"].size(), 1u);
  for (const char* bad : {"0", "201", "-1", "abc", ""}) {
    auto answer = get(path + "?limit=" + bad);
    EXPECT_EQ(answer.status, 400) << "limit=" << bad;
    EXPECT_TRUE(json(answer).contains("error")) << answer.body;
  }
}

TEST_F(FakeOwlmetryTest, StatusFilterListsOnlyThatStatusAndRejectsUnknownOnes) {
  owl_.add_issue(kProject, {.status = "new"});
  auto resolved = owl_.add_issue(kProject, {.status = "resolved", .resolved_at_version = "1.2"});
  const auto path = FakeOwlmetry::issues_path(kProject);

  EXPECT_EQ(ids_of(json(get(path + "?status=resolved"))), std::vector<std::string>{resolved});
  EXPECT_TRUE(ids_of(json(get(path + "?status=snoozed"))).empty());
  EXPECT_EQ(get(path + "?status=open").status, 400);
}

TEST_F(FakeOwlmetryTest, UnknownCursorIs400) {
  owl_.add_issue(kProject);
  EXPECT_EQ(get(FakeOwlmetry::issues_path(kProject) + "?cursor=nope").status, 400);
}

TEST_F(FakeOwlmetryTest, UnknownProjectOrIssueIs404) {
  auto issue = owl_.add_issue(kProject);

  EXPECT_EQ(get(FakeOwlmetry::issues_path("other")).status, 404);
  EXPECT_EQ(get(FakeOwlmetry::issue_path("other", issue)).status, 404);
  EXPECT_EQ(get(FakeOwlmetry::issue_path(kProject, "missing")).status, 404);
  EXPECT_EQ(get(FakeOwlmetry::comments_path(kProject, "missing")).status, 404);
  EXPECT_EQ(post_comment("missing", "hi").status, 404);
  EXPECT_EQ(patch_status("missing", {{"status", "in_progress"}}).status, 404);
  EXPECT_EQ(get("/v1/elsewhere").status, 404);
}

TEST_F(FakeOwlmetryTest, DetailsCarryTheCommentsOldestFirst) {
  auto issue = owl_.add_issue(kProject, {.title = "Connection refused"});
  owl_.add_comment(kProject, issue, "first");
  owl_.add_comment(kProject, issue, "second");

  auto answer = get(FakeOwlmetry::issue_path(kProject, issue));

  ASSERT_EQ(answer.status, 200) << answer.body;
  auto details = json(answer);
  EXPECT_EQ(details["id"], issue);
  EXPECT_EQ(details["title"], "Connection refused");
  ASSERT_EQ(details["comments"].size(), 2u);
  EXPECT_EQ(details["comments"][0]["body"], "first");
  EXPECT_EQ(details["comments"][1]["body"], "second");
  EXPECT_TRUE(details["occurrences"].is_array());
  EXPECT_TRUE(details["attachments"].is_array());
}

TEST_F(FakeOwlmetryTest, PostedCommentIs201WithTheKeysAuthorAndIsListed) {
  auto issue = owl_.add_issue(kProject);
  owl_.add_key("second-key", "Ops Bot");

  auto created = post_comment(issue, "**Root cause**: x");
  auto by_other = call("POST", FakeOwlmetry::comments_path(kProject, issue),
                       R"({"body":"from the bot"})", "second-key");
  auto listed = get(FakeOwlmetry::comments_path(kProject, issue));

  ASSERT_EQ(created.status, 201) << created.body;
  auto comment = json(created);
  EXPECT_EQ(comment["body"], "**Root cause**: x");
  EXPECT_EQ(comment["issue_id"], issue);
  EXPECT_EQ(comment["author_type"], "agent");
  EXPECT_EQ(comment["author_name"], "autofixd");
  EXPECT_EQ(json(by_other)["author_name"], "Ops Bot");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(json(listed)["comments"].size(), 2u);
  EXPECT_EQ(json(listed)["comments"][0]["id"], comment["id"]);
  ASSERT_EQ(owl_.comments(kProject, issue).size(), 2u);
  EXPECT_EQ(owl_.comments(kProject, issue)[0].body, "**Root cause**: x");
}

TEST_F(FakeOwlmetryTest, CommentWithoutABodyIs400AndNothingIsCreated) {
  auto issue = owl_.add_issue(kProject);

  EXPECT_EQ(call("POST", FakeOwlmetry::comments_path(kProject, issue), "{}").status, 400);
  EXPECT_EQ(post_comment(issue, "").status, 400);
  EXPECT_EQ(call("POST", FakeOwlmetry::comments_path(kProject, issue), "not json").status, 400);
  EXPECT_TRUE(owl_.comments(kProject, issue).empty());
}

TEST(FakeOwlmetryPlain, ServesPlainHttpForLoopback) {
  FakeOwlmetry owl({.tls = false});
  owl.add_project("p");

  auto answer = http_call(
      owl.port(), "",
      {.target = FakeOwlmetry::issues_path("p"), .headers = {{"Authorization", "Bearer owl_k3y"}}});

  EXPECT_EQ(owl.base_url().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_EQ(owl.ca_file(), "");
  EXPECT_EQ(answer.status, 200) << answer.body;
}

}  // namespace
}  // namespace autofixd::testing
