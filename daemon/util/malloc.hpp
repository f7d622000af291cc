#pragma once
// Which malloc the daemon runs on (CMake's AUTOFIXD_MALLOC), said once at
// start so an operator reading the log knows, and its one tuning.

#include <string>

namespace autofixd {

// "jemalloc 5.3.0-…" or "glibc malloc".
std::string malloc_name();

// With glibc's malloc, keeps freed memory for reuse instead of trimming it
// back to the kernel after every batch; jemalloc needs nothing.
void tune_malloc();

}  // namespace autofixd
