// config::Pattern: RE2 behind the config's own type, so only config/ sees RE2.
#include <re2/re2.h>

#include "config/config.hpp"

namespace autofixd::config {

Result<Pattern> Pattern::compile(std::string_view text) {
  RE2::Options options;
  options.set_log_errors(false);  // the error goes into the config message instead
  auto re = std::make_shared<const RE2>(re2::StringPiece(text.data(), text.size()), options);
  if (!re->ok()) return make_error("config.invalid_value", re->error());
  Pattern pattern;
  pattern.text_ = std::string(text);
  pattern.re_ = std::move(re);
  return pattern;
}

bool Pattern::found_in(std::string_view subject) const {
  return re_ != nullptr &&
         RE2::PartialMatch(re2::StringPiece(subject.data(), subject.size()), *re_);
}

}  // namespace autofixd::config
