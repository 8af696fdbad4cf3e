#pragma once
// Reading an HTTP/1.x response as it arrives: its head, and a chunked body. Bounded: a head
// over 16 KiB, a chunk size over 8 hex digits or a body over the caller's limit is an error,
// never a buffer that grows.

#include <cstddef>
#include <string>
#include <string_view>

namespace swarmgate {

// The parts of a response head that matter to a client.
struct HttpResponseHead {
  int status = 0;
  bool keep_alive = true;
  bool chunked = false;
  long long content_length = -1;  // -1: not given
  std::size_t head_bytes = 0;     // through the blank line
};

// Parses a response head at the start of `bytes`. Returns 0 when more bytes are needed,
// -1 (with *error) when it is not an HTTP/1.x response head, else 1.
int ParseResponseHead(std::string_view bytes, HttpResponseHead* head, std::string* error);

// Decodes as much of a chunked body as `bytes` holds into *body. Returns the bytes
// consumed when the last chunk and trailer are complete, 0 when more are needed, and -1 (with
// *error) on a malformed chunk or a body over max_body_bytes.
long long DecodeChunked(std::string_view bytes, std::size_t max_body_bytes, std::string* body,
                        std::string* error);

// At most 80 bytes of `bytes`, printable (printable.h), for an error line.
std::string PrintableSample(std::string_view bytes);

}  // namespace swarmgate
