// bench/json_parse: the webhook body parser, hand reader against nlohmann's
// parser driving the same strict builder, in one process: rounds alternate
// between the two so that a busy machine slows both alike. Prints the median
// microseconds per parse of each and their ratio, per body. A second table
// does the same for parse_envelope with the full DOM against the pruned one
// (payload_members.hpp), with an error event the size real ones reach.
//
//   autofixd_bench_json [parses per round, default 2000] [rounds, default 15]
//   autofixd_bench_json --write-large-error PATH   writes that error body
//                                                  (bench/run sends it)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "intake/envelope.hpp"
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

// An error.created body as big as real ones get (about 30 KB): the fixture's
// event with a 40-frame stack trace carrying local variables and context
// lines, 60 breadcrumbs, request headers and tags. Intake reads six fields.
std::string large_error(const std::string& fixture) {
  nlohmann::json body = nlohmann::json::parse(fixture);
  nlohmann::json& event = body["data"]["error"];
  nlohmann::json& frames = event["exception"]["values"][0]["stacktrace"]["frames"];
  const nlohmann::json frame = frames[0];
  for (int i = 0; i < 40; ++i) {
    nlohmann::json f = frame;
    f["lineno"] = 40 + i;
    f["function"] = "handler_" + std::to_string(i);
    f["pre_context"] = {"    # prepare the invoice lines", "    lines = invoice.lines()",
                        "    subtotal = sum(line.amount for line in lines)"};
    f["post_context"] = {"    log.info(\"total %s\", total)", "    return total"};
    f["vars"] = {{"invoice", "<Invoice id=" + std::to_string(9000 + i) + ">"},
                 {"subtotal", "1234.50"},
                 {"discount", nullptr},
                 {"lines", "[<Line 1>, <Line 2>, <Line 3>]"}};
    frames.push_back(f);
  }
  nlohmann::json crumbs = nlohmann::json::array();
  for (int i = 0; i < 60; ++i) {
    crumbs.push_back({{"timestamp", 1758661100.0 + i},
                      {"type", "http"},
                      {"category", "httplib"},
                      {"level", "info"},
                      {"data",
                       {{"method", "GET"},
                        {"url", "https://payments.internal/v1/rates/" + std::to_string(i)},
                        {"status_code", 200}}}});
  }
  event["breadcrumbs"] = {{"values", crumbs}};
  event["request"] = {{"url", "https://shop.example.com/checkout"},
                      {"method", "POST"},
                      {"headers",
                       {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"},
                        {"Accept", "application/json"},
                        {"Content-Type", "application/json"}}}};
  return body.dump();
}

template <typename Parse>
double time_calls(Parse parse, const std::string& body, int parses) {
  std::size_t sink = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < parses; ++i) sink += parse(body);
  const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
  if (sink == 0) std::exit(2);  // every body parses; keeps the loop alive
  return took.count() / parses;
}

using Parser = autofixd::Result<nlohmann::json> (*)(std::string_view);

autofixd::Result<nlohmann::json> parse_full(std::string_view text) {
  return parse_strict_json(text);
}

// Microseconds per parse over `parses` parses.
double time_parses(Parser parse, const std::string& body, int parses) {
  return time_calls(
      [parse](const std::string& text) {
        const auto parsed = parse(text);
        return parsed.ok() ? parsed->size() : 0;
      },
      body, parses);
}

double time_envelopes(std::string_view resource, autofixd::intake::Dom dom, const std::string& body,
                      int parses) {
  return time_calls(
      [resource, dom](const std::string& text) -> std::size_t {
        const auto parsed = autofixd::intake::parse_envelope(resource, text, dom);
        return parsed.ok() ? parsed->action.size() : 0;
      },
      body, parses);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--write-large-error") {
    const std::string dir = std::string(AUTOFIXD_SOURCE_DIR) + "/tests/fixtures/webhooks/";
    std::ofstream out(argv[2], std::ios::binary);
    out << large_error(read_file(dir + "error_created.json"));
    return out ? 0 : 1;
  }
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
      hand_us.push_back(time_parses(&parse_full, body, parses));
    }
    const double before = median(nlohmann_us), after = median(hand_us);
    std::printf("| %s | %zu | %.2f | %.2f | %.2f |\n", name.c_str(), body.size(), before, after,
                after / before);
  }

  // parse_envelope: the full DOM against the pruned one, per resource.
  const std::vector<std::pair<std::string_view, std::string>> envelopes = {
      {"issue", bodies[0].second},
      {"issue", bodies[1].second},
      {"event_alert", bodies[2].second},
      {"error", bodies[3].second},
      {"error", large_error(bodies[3].second)},
      {"seer", bodies[4].second}};
  std::printf(
      "\n| parse_envelope | bytes | full DOM us | pruned DOM us | pruned/full |\n"
      "|---|---|---|---|---|\n");
  using autofixd::intake::Dom;
  for (const auto& [resource, body] : envelopes) {
    const auto full = autofixd::intake::parse_envelope(resource, body, Dom::full);
    const auto pruned = autofixd::intake::parse_envelope(resource, body, Dom::pruned);
    if (!full || !pruned || !(*full == *pruned)) {
      std::fprintf(stderr, "bench_json: %.*s: the full and the pruned read disagree\n",
                   static_cast<int>(resource.size()), resource.data());
      return 1;
    }
    std::vector<double> full_us, pruned_us;
    for (int round = 0; round < rounds; ++round) {
      full_us.push_back(time_envelopes(resource, Dom::full, body, parses));
      pruned_us.push_back(time_envelopes(resource, Dom::pruned, body, parses));
    }
    const double before = median(full_us), after = median(pruned_us);
    std::printf("| %.*s | %zu | %.2f | %.2f | %.2f |\n", static_cast<int>(resource.size()),
                resource.data(), body.size(), before, after, after / before);
  }
  return 0;
}
