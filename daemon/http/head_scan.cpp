#include "http/head_scan.hpp"

namespace autofixd::http {

HeadScan HeadScanner::scan(std::string_view bytes) {
  for (; scanned_ < bytes.size(); ++scanned_) {
    const std::size_t i = scanned_;
    if (bytes[i] != '\n') continue;
    if (i == 0 || bytes[i - 1] != '\r') return HeadScan::bare_lf;
    if (i >= 3 && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
      ++scanned_;
      return HeadScan::complete;
    }
  }
  return HeadScan::incomplete;
}

}  // namespace autofixd::http
