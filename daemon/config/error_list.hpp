#pragma once
// Internal to config/: collects every mistake in a config file so that one
// `check-config` run shows them all, each as "FILE:LINE: KEY: what is wrong".

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace autofixd::config::detail {

class ErrorList {
 public:
  explicit ErrorList(std::string source) : source_(std::move(source)) {}

  // `line` 0 means the mistake has no place in the file (environment,
  // a key missing from a table that is missing too). `key` may be empty.
  void add(std::string code, int line, std::string_view key, std::string_view what);

  bool empty() const { return entries_.empty(); }
  const std::string& source() const { return source_; }

  // All messages ordered by line, one per line of text; the code is the
  // first mistake's. Long lists are cut after a few dozen entries.
  Error to_error() const;

 private:
  struct Entry {
    int line;
    std::string code;
    std::string message;
  };
  std::string source_;
  std::vector<Entry> entries_;
};

}  // namespace autofixd::config::detail
