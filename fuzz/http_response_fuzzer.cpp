// An HTTP/1.1 answer: its head, then a chunked body under a 64 KiB limit.
#include "fuzz_input.h"
#include "http_response.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  const std::string_view bytes = fuzz::AsText(data, size);
  HttpResponseHead head;
  std::string error;
  if (ParseResponseHead(bytes, &head, &error) != 1) return 0;
  if (head.head_bytes > bytes.size()) __builtin_trap();
  std::string body;
  const long long used = DecodeChunked(bytes.substr(head.head_bytes), 64 * 1024, &body, &error);
  if (used > static_cast<long long>(bytes.size() - head.head_bytes) || body.size() > 64 * 1024) {
    __builtin_trap();
  }
  PrintableSample(bytes);
  return 0;
}
