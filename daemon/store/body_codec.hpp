#pragma once
// How a delivery's body is kept in delivery_bodies.body: compressed with
// zstd (level 1) and stored as a BLOB. A 4 KB Sentry payload becomes about
// 1.2 KB, which fits in a page beside others instead of taking overflow
// pages of its own: SQLite alone commits about 1.5x the rows per second
// (bench/RESULTS.md). Bodies stored before are TEXT and stay readable: the
// value's type says which it is, so no migration rewrites old rows. Every
// other column stays readable with the sqlite3 shell; a body is one file
// away from it: sqlite3 autofixd.db "SELECT writefile('body.zst', body) FROM
// delivery_bodies WHERE delivery_id = 42" && zstd -d body.zst. Pure: no I/O.

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace autofixd::store {

// zstd frame of `body` (level 1: most of the size win for the least CPU).
std::string compress_body(std::string_view body);

// The body back from a zstd frame. Errors: "store.corrupt_body" naming
// what zstd said, for bytes that are not a whole frame of at most 16 MiB.
Result<std::string> decompress_body(std::string_view frame);

}  // namespace autofixd::store
