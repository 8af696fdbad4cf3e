// The bytes a WebSocket server sends after the upgrade: the 101 answer's head, then frame
// headers read one after another as the client does, payloads skipped by their length.
#include "fuzz_input.h"
#include "http_response.h"
#include "ws_frame.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  const std::string_view bytes = fuzz::AsText(data, size);
  HttpResponseHead head;
  std::string error;
  std::size_t at = 0;
  if (ParseResponseHead(bytes, &head, &error) == 1) at = head.head_bytes;
  while (at < bytes.size()) {
    FrameHeader header;
    const char* why = nullptr;
    const HeaderStatus status =
        ReadFrameHeader(bytes.data() + at, bytes.size() - at, &header, &why);
    if (status != HeaderStatus::kComplete) break;
    if (header.header_bytes == 0 || header.header_bytes > bytes.size() - at) __builtin_trap();
    at += header.header_bytes;
    if (header.payload_bytes > bytes.size() - at) break;  // waits for more
    at += static_cast<std::size_t>(header.payload_bytes);
  }
  return 0;
}
