#pragma once
// What each side of a match saw, and the analysis that joins the two sides after the run.
// Both ends of a pair live in the swarm (on any threads), so loss, typing latency and pair
// consistency are computed here, single-threaded, once the threads have joined.

#include <cstdint>
#include <vector>

#include "swarmgate/clock.h"
#include "swarmgate/recorder.h"

namespace swarmgate {

struct ChatRecord {
  std::uint64_t match_key = 0;    // hash of the server's match id
  std::uint64_t self_key = 0;     // hash of my session id
  std::uint64_t partner_key = 0;  // hash of the partner's session id, as the server named it
  std::int64_t messages_sent = 0;
  std::int64_t messages_received = 0;  // distinct sequences from the partner
  std::int64_t max_sequence_seen = -1;
  std::vector<bool> sequence_seen;
  std::vector<Micros> typing_sent_us;      // intended times of my typing indicators
  std::vector<Micros> typing_received_us;  // receipt times of the partner's indicators

  // Notes a stamped message from the partner; counts duplicates and reordering into recorder.
  void NoteReceived(std::uint32_t sequence, Recorder* recorder);
};

std::uint64_t KeyOf(std::string_view id);

// Joins the records of all users. Adds to recorder: inconsistent_pairs (a record whose
// partner has no record of the same match naming it back), messages_lost, typing_lost and
// typing_latency (the k-th indicator received is the partner's k-th sent).
void AnalyzePairs(const std::vector<const ChatRecord*>& records, Recorder* recorder);

}  // namespace swarmgate
