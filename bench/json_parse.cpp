// bench/json_parse: the webhook body parser, hand reader against nlohmann's
// parser driving the same strict builder, in one process: rounds alternate
// between the two so that a busy machine slows both alike. Prints the median
// microseconds per parse of each and their ratio, per body.
//
//   autofixd_bench_json [parses per round, default 2000] [rounds, default 15]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "intake/strict_json.hpp"

namespace {

using autofixd::intake::parse_strict_json;
using autofixd::intake::parse_strict_json_with_nlohmann;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "bench_json: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// bench/run's 4 KB body: the exception message (metadata.value) padded, with
// 24 bytes where bench/signed_post.lua puts a per-request counter.
std::string padded_issue(const std::string& fixture) {
  const std::string marker = "\"value\":\"";
  const std::size_t at = fixture.find(marker);
  if (at == std::string::npos) {
    std::fprintf(stderr, "bench_json: no metadata.value in issue_created.json\n");
    std::exit(1);
  }
  const std::size_t pad = 4096 - fixture.size() - 1 - 24;
  std::string body = fixture;
  body.insert(at + marker.size(), "000000000000000000000001 " + std::string(pad, 'x') + " ");
  return body;
}

using Parser = autofixd::Result<nlohmann::json> (*)(std::string_view);

// Microseconds per parse over `parses` parses.
double time_parses(Parser parse, const std::string& body, int parses) {
  std::size_t sink = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < parses; ++i) {
    const auto parsed = parse(body);
    sink += parsed.ok() ? parsed->size() : 0;
  }
  const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
  if (sink == 0) std::exit(2);  // every body is an object; keeps the loop alive
  return took.count() / parses;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int parses = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 15;
  const std::string dir = std::string(AUTOFIXD_SOURCE_DIR) + "/tests/fixtures/webhooks/";
  std::vector<std::pair<std::string, std::string>> bodies = {
      {"issue_created padded (bench/run)", padded_issue(read_file(dir + "issue_created.json"))}};
  for (const char* name : {"issue_created", "event_alert_triggered", "error_created",
                           "seer_root_cause_completed", "installation_created"}) {
    bodies.emplace_back(name, read_file(dir + name + ".json"));
  }

  std::printf("%d parses per round, %d rounds alternating; median us per parse\n\n", parses,
              rounds);
  std::printf("| body | bytes | nlohmann us | hand us | hand/nlohmann |\n|---|---|---|---|---|\n");
  for (const auto& [name, body] : bodies) {
    const auto hand = parse_strict_json(body);
    const auto reference = parse_strict_json_with_nlohmann(body);
    if (!hand || !reference || *hand != *reference) {
      std::fprintf(stderr, "bench_json: %s: the parsers disagree\n", name.c_str());
      return 1;
    }
    std::vector<double> nlohmann_us, hand_us;
    for (int round = 0; round < rounds; ++round) {
      nlohmann_us.push_back(time_parses(&parse_strict_json_with_nlohmann, body, parses));
      hand_us.push_back(time_parses(&parse_strict_json, body, parses));
    }
    const double before = median(nlohmann_us), after = median(hand_us);
    std::printf("| %s | %zu | %.2f | %.2f | %.2f |\n", name.c_str(), body.size(), before, after,
                after / before);
  }
  return 0;
}
