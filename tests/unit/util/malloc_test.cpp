#include "util/malloc.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>

#ifdef AUTOFIXD_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace autofixd {
namespace {

#ifdef AUTOFIXD_JEMALLOC
std::uint64_t jemalloc_thread_allocated() {
  std::uint64_t bytes = 0;
  std::size_t size = sizeof bytes;
  EXPECT_EQ(mallctl("thread.allocated", &bytes, &size, nullptr, 0), 0);
  return bytes;
}

TEST(Malloc, TheProcessAllocatesWithJemalloc) {
  EXPECT_EQ(malloc_name().rfind("jemalloc 5.", 0), 0U) << malloc_name();
  // Linked is not enough: operator new must reach jemalloc's malloc.
  const std::uint64_t before = jemalloc_thread_allocated();
  const auto block = std::make_unique<char[]>(1 << 20);
  block[0] = 1;
  EXPECT_GE(jemalloc_thread_allocated() - before, std::uint64_t{1} << 20);
}
#else
TEST(Malloc, TheProcessAllocatesWithGlibc) { EXPECT_EQ(malloc_name(), "glibc malloc"); }
#endif

}  // namespace
}  // namespace autofixd
