#include "util/malloc.hpp"

#include <malloc.h>

#ifdef AUTOFIXD_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace autofixd {

std::string malloc_name() {
#ifdef AUTOFIXD_JEMALLOC
  const char* version = nullptr;
  std::size_t size = sizeof version;
  if (mallctl("version", &version, &size, nullptr, 0) == 0 && version != nullptr) {
    return std::string("jemalloc ") + version;
  }
  return "jemalloc";
#else
  return "glibc malloc";
#endif
}

void tune_malloc() {
#ifndef AUTOFIXD_JEMALLOC
  // Delivery bodies are read on the store thread and freed on the network
  // thread; with glibc's default 128 KiB trim threshold every such batch
  // handed its arena's top back with madvise (a TLB flush), a third of the
  // daemon's CPU under load. A fixed threshold keeps a few MiB for reuse.
  mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
#endif
}

}  // namespace autofixd
