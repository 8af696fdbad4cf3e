#pragma once
// WebSocket framing (RFC 6455 section 5) as the client side needs it: building masked frames
// to send, reading the header of unmasked frames received.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace swarmgate {

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Appends one final frame carrying payload, masked with mask_key as a client must.
void AppendClientFrame(std::string* out, Opcode opcode, std::string_view payload,
                       std::uint32_t mask_key);

struct FrameHeader {
  bool fin = false;
  std::uint8_t opcode = 0;
  bool masked = false;
  std::uint64_t payload_bytes = 0;
  std::size_t header_bytes = 0;  // including the masking key, if any
};

enum class HeaderStatus { kComplete, kIncomplete, kInvalid };

// Reads a frame header from the first n bytes at p. kInvalid (with *why) for reserved bits,
// unknown opcodes and malformed control frames; kIncomplete when more bytes are needed.
HeaderStatus ReadFrameHeader(const char* p, std::size_t n, FrameHeader* header, const char** why);

// XORs data with the 4-byte key, as masking and unmasking both do.
void ApplyMask(char* data, std::size_t n, std::uint32_t mask_key);

}  // namespace swarmgate
