#pragma once
// Finds the end of a request's head ("\r\n\r\n") in the bytes received so
// far, and spots a line ending in a bare LF. Beast's parser reads a lone LF
// as ordinary text and keeps waiting for CRLF CRLF, so such a request would
// sit until header_timeout instead of being refused at once. Pure.

#include <cstddef>
#include <string_view>

namespace autofixd::http {

enum class HeadScan {
  incomplete,  // no end of head yet, no bare LF: read more
  complete,    // the head ends within the bytes
  bare_lf,     // an LF not preceded by CR before the end of the head
};

class HeadScanner {
 public:
  // `bytes`: everything received of this request so far; each call's bytes
  // must start with the previous call's. Only new bytes are examined, so a
  // head trickled one byte at a time costs linear time.
  HeadScan scan(std::string_view bytes);
  // After `complete`: the head's size in bytes, its final CRLF included.
  std::size_t head_size() const { return scanned_; }

 private:
  std::size_t scanned_ = 0;
};

}  // namespace autofixd::http
