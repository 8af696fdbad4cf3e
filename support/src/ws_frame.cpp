#include "ws_frame.h"

#include <cstring>

namespace swarmgate {

void ApplyMask(char* data, std::size_t n, std::uint32_t mask_key) {
  unsigned char key[4];
  std::memcpy(key, &mask_key, 4);
  // Eight bytes at a time: the key repeats every four, so a doubled key lines up.
  std::uint64_t wide;
  std::memcpy(&wide, key, 4);
  std::memcpy(reinterpret_cast<char*>(&wide) + 4, key, 4);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, data + i, 8);
    chunk ^= wide;
    std::memcpy(data + i, &chunk, 8);
  }
  for (; i < n; ++i) data[i] = static_cast<char>(data[i] ^ key[i % 4]);
}

void AppendClientFrame(std::string* out, Opcode opcode, std::string_view payload,
                       std::uint32_t mask_key) {
  char header[14];
  std::size_t h = 0;
  header[h++] = static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));
  const std::uint64_t n = payload.size();
  if (n < 126) {
    header[h++] = static_cast<char>(0x80 | n);
  } else if (n <= 0xFFFF) {
    header[h++] = static_cast<char>(0x80 | 126);
    header[h++] = static_cast<char>(n >> 8);
    header[h++] = static_cast<char>(n);
  } else {
    header[h++] = static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) header[h++] = static_cast<char>(n >> shift);
  }
  std::memcpy(header + h, &mask_key, 4);
  h += 4;
  const std::size_t start = out->size();
  out->append(header, h);
  out->append(payload.data(), payload.size());
  ApplyMask(out->data() + start + h, payload.size(), mask_key);
}

HeaderStatus ReadFrameHeader(const char* p, std::size_t n, FrameHeader* header, const char** why) {
  if (n < 2) return HeaderStatus::kIncomplete;
  const auto b0 = static_cast<std::uint8_t>(p[0]);
  const auto b1 = static_cast<std::uint8_t>(p[1]);
  header->fin = (b0 & 0x80) != 0;
  header->opcode = b0 & 0x0F;
  header->masked = (b1 & 0x80) != 0;
  if (b0 & 0x70) {
    *why = "reserved bits set (no extension was negotiated)";
    return HeaderStatus::kInvalid;
  }
  const std::uint8_t op = header->opcode;
  const bool control = (op & 0x8) != 0;
  if (op > 0xA || (op > 0x2 && op < 0x8)) {
    *why = "unknown opcode";
    return HeaderStatus::kInvalid;
  }
  std::size_t h = 2;
  std::uint64_t length = b1 & 0x7F;
  if (length == 126) {
    if (n < 4) return HeaderStatus::kIncomplete;
    length = (static_cast<std::uint64_t>(static_cast<std::uint8_t>(p[2])) << 8) |
             static_cast<std::uint8_t>(p[3]);
    h = 4;
  } else if (length == 127) {
    if (n < 10) return HeaderStatus::kIncomplete;
    length = 0;
    for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<std::uint8_t>(p[i]);
    h = 10;
  }
  if (control && (length > 125 || !header->fin)) {
    *why = "fragmented or oversized control frame";
    return HeaderStatus::kInvalid;
  }
  if (header->masked) h += 4;
  if (n < h) return HeaderStatus::kIncomplete;
  header->payload_bytes = length;
  header->header_bytes = h;
  return HeaderStatus::kComplete;
}

}  // namespace swarmgate
