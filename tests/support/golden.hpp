#pragma once
// Golden-file checks for rendered output (comments, chat messages, webhook
// bodies): what a reader sees is a file under tests/fixtures/golden/ that a
// reviewer reads, and the test compares byte for byte. Run a test binary
// with AUTOFIXD_UPDATE_GOLDEN=1 to rewrite the files it checks, then review
// the diff (README "Testing").

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace autofixd::testing {

inline std::filesystem::path golden_path(const std::string& name) {
  return std::filesystem::path(AUTOFIXD_FIXTURES) / "golden" / name;
}

inline bool updating_golden() {
  const char* flag = std::getenv("AUTOFIXD_UPDATE_GOLDEN");
  return flag != nullptr && std::string(flag) == "1";
}

// `actual` must equal the file tests/fixtures/golden/<name> byte for byte.
inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = golden_path(name);
  if (updating_golden()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "could not write golden file " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "golden file " << path
                         << " is missing; run with AUTOFIXD_UPDATE_GOLDEN=1 to create it";
  const std::string expected((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  EXPECT_EQ(expected, actual) << "output differs from golden file " << path
                              << "; if the change is intended, run with AUTOFIXD_UPDATE_GOLDEN=1 "
                                 "and review the diff";
}

}  // namespace autofixd::testing
