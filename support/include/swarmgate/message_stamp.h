#pragma once
// The one-way delivery stamp. The sender writes it at the start of the chat text, which every
// chat server relays, so the receiving partner can record delivery latency, loss, duplication
// and reordering without relying on any other field surviving the server:
//   "sg1:<sender>:<sequence>:<intended_us>:<sent_us>:" then padding up to the payload size.

#include <cstdint>
#include <string>
#include <string_view>

#include "swarmgate/clock.h"

namespace swarmgate {

struct MessageStamp {
  std::uint32_t sender = 0;    // the sending virtual user's index in the swarm
  std::uint32_t sequence = 0;  // 0, 1, 2, ... within one chat
  Micros intended_us = 0;      // when the message was scheduled to leave (monotonic clock)
  Micros sent_us = 0;          // when it actually left
};

// Replaces *text with the stamp padded to payload_bytes (or longer if the stamp needs it);
// returns the stamp's own length (the padding follows it).
std::size_t WriteStampedText(const MessageStamp& stamp, std::size_t payload_bytes,
                             std::string* text);

// Reads a stamp from the start of text; false when text does not start with a valid stamp.
bool ReadStamp(std::string_view text, MessageStamp* stamp);

}  // namespace swarmgate
