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

// Times are from the run's time zero, not on one process's clock: shards of a row on other
// processes or machines share the time zero (on the wall clock), so a receiver in another
// shard times the message on its own clock.
struct MessageStamp {
  std::uint32_t sender = 0;    // the sending virtual user's index in the swarm
  std::uint32_t sequence = 0;  // 0, 1, 2, ... within one chat
  Micros intended_us = 0;      // when the message was scheduled to leave, from time zero
  Micros sent_us = 0;          // when it actually left, from time zero
};

// From a stamp's time to now, both from time zero; saturated, so that a time a server
// garbled cannot overflow (it lands out of the histograms' range and is counted there).
Micros StampAge(Micros now_from_zero_us, Micros stamp_us);

// Replaces *text with the stamp padded to payload_bytes (or longer if the stamp needs it);
// returns the stamp's own length (the padding follows it).
std::size_t WriteStampedText(const MessageStamp& stamp, std::size_t payload_bytes,
                             std::string* text);

// Reads a stamp from the start of text; false when text does not start with a valid stamp.
bool ReadStamp(std::string_view text, MessageStamp* stamp);

}  // namespace swarmgate
