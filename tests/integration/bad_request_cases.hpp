#pragma once
// The table of bad webhook requests: exact bytes and the answers allowed for
// each. Status 0 means "the daemon closed the connection without answering"
// (a read timeout).

#include <string>
#include <vector>

namespace autofixd::testing {

struct BadRequest {
  std::string name;
  std::string raw;
  std::vector<int> statuses;  // any of these is right
};

// The daemon under test must run with the fixture's config plus
// kBadRequestServerKeys (short timeouts, an installation allow-list).
inline constexpr const char* kAllowedInstallation = "7a485448-a9e2-4c85-8a3c-4f44175783c9";
inline constexpr const char* kBadRequestServerKeys =
    "header_timeout = \"2s\"\nbody_timeout = \"1s\"\n"
    "allowed_installations = [\"7a485448-a9e2-4c85-8a3c-4f44175783c9\"]\n";

std::vector<BadRequest> authenticity_cases();  // 401
std::vector<BadRequest> header_cases();        // 400 on Sentry headers, 415
std::vector<BadRequest> json_cases();          // 400: not JSON, or JSON we refuse
std::vector<BadRequest> shape_cases();         // 422: JSON of the wrong shape
std::vector<BadRequest> framing_cases();       // 400/505: HTTP the parser refuses
std::vector<BadRequest> limit_cases();         // 413/431 and timeouts
std::vector<BadRequest> routing_cases();       // 404/405

}  // namespace autofixd::testing
