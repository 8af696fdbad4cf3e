#include "ws_frame.h"

#include <gtest/gtest.h>

#include <cstring>

namespace swarmgate {
namespace {

// A client frame as a server reads it: header, then the payload unmasked.
std::string Unmasked(const std::string& wire, FrameHeader* h) {
  const char* why = "";
  EXPECT_EQ(ReadFrameHeader(wire.data(), wire.size(), h, &why), HeaderStatus::kComplete) << why;
  EXPECT_EQ(h->header_bytes + h->payload_bytes, wire.size());
  std::string payload = wire.substr(h->header_bytes);
  std::uint32_t key;
  std::memcpy(&key, wire.data() + h->header_bytes - 4, 4);
  ApplyMask(payload.data(), payload.size(), key);
  return payload;
}

TEST(WsFrame, ClientFramesAreMaskedAndUseTheShortestLength) {
  for (std::size_t n : {0, 1, 125, 126, 65535, 65536, 100000}) {
    const std::string payload(n, 'a');
    std::string wire;
    AppendClientFrame(&wire, Opcode::kText, payload, 0xA1B2C3D4);
    FrameHeader h;
    EXPECT_EQ(Unmasked(wire, &h), payload) << n;
    EXPECT_TRUE(h.fin);
    EXPECT_TRUE(h.masked);
    EXPECT_EQ(h.opcode, 0x1);
    EXPECT_EQ(h.header_bytes, (n < 126 ? 2u : n <= 65535 ? 4u : 10u) + 4u) << n;
    if (n >= 8) {
      EXPECT_NE(wire.substr(h.header_bytes, 8), payload.substr(0, 8));  // masked on the wire
    }
  }
}

TEST(WsFrame, MaskingTwiceRestoresAnyLengthAndAlignment) {
  const std::string text = "sg1:s12:7:123456:123999:hello, stranger";
  for (std::size_t offset = 0; offset < 5; ++offset) {
    std::string data = text.substr(offset);
    ApplyMask(data.data(), data.size(), 0xDEADBEEF);
    ApplyMask(data.data(), data.size(), 0xDEADBEEF);
    EXPECT_EQ(data, text.substr(offset));
  }
}

TEST(WsFrame, HeadersArriveInPieces) {
  std::string wire;
  AppendClientFrame(&wire, Opcode::kBinary, std::string(300, 'b'), 1);
  FrameHeader h;
  const char* why = "";
  for (std::size_t n = 0; n < 8; ++n) {
    EXPECT_EQ(ReadFrameHeader(wire.data(), n, &h, &why), HeaderStatus::kIncomplete) << n;
  }
  EXPECT_EQ(ReadFrameHeader(wire.data(), 8, &h, &why), HeaderStatus::kComplete);
  EXPECT_EQ(h.payload_bytes, 300u);
}

TEST(WsFrame, RejectsWhatNoServerMaySend) {
  const std::pair<std::string, const char*> cases[] = {
      {std::string("\xC1\x00", 2), "reserved bits"},          // RSV1 without an extension
      {std::string("\x83\x00", 2), "unknown opcode"},         // 0x3 is reserved
      {std::string("\x89\x7E\x00\x80", 4), "control frame"},  // a 128-byte ping
      {std::string("\x09\x00", 2), "control frame"},          // a fragmented ping
  };
  for (const auto& [wire, why] : cases) {
    FrameHeader h;
    const char* reason = "";
    EXPECT_EQ(ReadFrameHeader(wire.data(), wire.size(), &h, &reason), HeaderStatus::kInvalid);
    EXPECT_NE(std::string(reason).find(why), std::string::npos) << reason;
  }
}

}  // namespace
}  // namespace swarmgate
