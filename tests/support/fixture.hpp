#pragma once
// Reads a file under tests/fixtures (AUTOFIXD_FIXTURES) for the unit tests.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace autofixd::testing {

inline std::string read_fixture(const std::string& relative) {
  const std::string path = std::string(AUTOFIXD_FIXTURES) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace autofixd::testing
