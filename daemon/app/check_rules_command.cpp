// `check-rules`: runs the JSON cases in a directory through the configured
// rules. No store, no network; see app/rule_cases.hpp for the case format.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "app/rule_cases.hpp"

namespace autofixd::app {
namespace {

namespace fs = std::filesystem;

// Exit codes (DESIGN.md, CLI): every case matched, some did not, or the
// tests could not run (config, CASES_DIR or a case unreadable).
constexpr int kAllPassed = 0;
constexpr int kMismatch = 1;
constexpr int kUnreadable = 2;

// check-rules never talks to Sentry, so the config's secrets are not
// needed: when the environment does not provide them, stand-ins do, and the
// secret files (on a CI host usually absent) are never opened.
config::GetEnv env_without_secret_files() {
  return [env = config::process_env()](std::string_view name) -> std::optional<std::string> {
    auto value = env(name);
    if (value && !value->empty()) return value;
    if (name == "SENTRY_TOKEN" || name == "SENTRY_CLIENT_SECRET") {
      return std::string("unused-by-check-rules");
    }
    return value;
  };
}

// The *.json files directly in `dir`, sorted by name; an error message when
// the directory cannot be listed or holds none.
Result<std::vector<fs::path>> case_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error("check_rules.cases_dir", dir + ": no such directory (expected CASES_DIR)");
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return make_error("check_rules.cases_dir", dir + ": cannot list: " + ec.message());
  if (files.empty()) return make_error("check_rules.cases_dir", dir + ": no *.json cases");
  std::sort(files.begin(), files.end());
  return files;
}

Result<RuleCase> read_case(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    return make_error("check_rules.bad_case", file.string() + ": cannot read the file");
  }
  auto c = parse_rule_case(file.stem().string(), text.str());
  if (!c) return make_error(c.error().code, file.string() + ": " + c.error().message);
  return c;
}

}  // namespace

int check_rules(const CommonOptions& options, const std::string& cases_dir) {
  auto config = config::load_config(options.config_path, env_without_secret_files());
  if (!config) {
    std::cerr << "autofixd: " << config.error().message << "\n";
    return kUnreadable;
  }
  auto files = case_files(cases_dir);
  if (!files) {
    std::cerr << "autofixd: " << files.error().message << "\n";
    return kUnreadable;
  }
  const SysTime now = std::chrono::system_clock::now();
  auto results = nlohmann::json::array();
  int passed = 0, failed = 0, unreadable = 0;
  for (const fs::path& file : *files) {
    auto c = read_case(file);
    if (!c) {
      ++unreadable;
      std::cerr << "autofixd: " << c.error().message << "\n";
      results.push_back({{"case", file.stem().string()}, {"error", c.error().message}});
      continue;
    }
    const RuleCaseResult result = check_rule_case(*c, config->rules, now, config->budget);
    ++(result.passed ? passed : failed);
    if (options.json) {
      results.push_back(result_json(result));
    } else {
      std::cout << result_line(result) << "\n";
    }
  }
  if (options.json) {
    std::cout << results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << passed << " passed, " << failed << " failed";
    if (unreadable > 0) std::cout << ", " << unreadable << " unreadable";
    std::cout << "\n";
  }
  if (unreadable > 0) return kUnreadable;
  return failed > 0 ? kMismatch : kAllPassed;
}

}  // namespace autofixd::app
