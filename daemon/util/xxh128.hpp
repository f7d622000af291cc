#pragma once
// XXH3's 128-bit hash, for recognising a byte-identical copy of something
// already authenticated (a webhook body whose signature was checked): about
// twenty times faster than SHA-256 and, unlike it, no defence against a
// forger, who cannot reach it without the secret anyway.

#include <array>
#include <string_view>

namespace autofixd {

using Xxh128Digest = std::array<unsigned char, 16>;

// XXH3-128 of `data` (seed 0) in its canonical big-endian byte order, as
// `xxh128sum` prints it.
Xxh128Digest xxh3_128(std::string_view data);

}  // namespace autofixd
