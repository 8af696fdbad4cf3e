#pragma once
// What each side of a match saw, and the join of the two sides. Both ends of a pair live in
// the swarm (on any threads), so loss, typing latency and pair consistency are computed here,
// as soon as both sides of a match have ended.

#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "swarmgate/clock.h"
#include "swarmgate/recorder.h"
#include "swarmgate/swarm.h"

namespace swarmgate {

// One kind of stamped frame (chat messages, or signals) in a chat: how many I sent, and which
// of my partner's I received.
struct StampedStream {
  enum class Arrival { kNew, kOutOfOrder, kDuplicate };

  std::int64_t sent = 0;
  std::int64_t received = 0;  // distinct sequences from the partner
  std::int64_t max_sequence_seen = -1;
  std::vector<bool> sequence_seen;

  Arrival NoteReceived(std::uint32_t sequence);
};

struct ChatRecord {
  std::uint64_t match_key = 0;  // hash of the server's match id
  std::uint64_t self_key = 0;   // hash of my session id
  // Hash of the partner's session id, as the server named it; 0 where the server names no
  // partner (the two sides are then joined by match id alone, without a consistency check).
  std::uint64_t partner_key = 0;
  StampedStream messages;
  StampedStream signals;
  std::vector<Micros> typing_sent_us;      // intended times of my typing indicators
  std::vector<Micros> typing_received_us;  // receipt times of the partner's indicators

  // Note a stamped frame from the partner, counting it (and duplicates, and reordered
  // messages) into recorder.
  void NoteMessage(std::uint32_t sequence, Recorder* recorder);
  void NoteSignal(std::uint32_t sequence, Recorder* recorder);
  // A message of the partner's restored from the server's history after a resume: received
  // if it was not before (neither a duplicate nor out of order: it comes by another path).
  void NoteRecovered(std::uint32_t sequence, Recorder* recorder);
};

std::uint64_t KeyOf(std::string_view id);

// A side handed out by a shard, as a record to deposit again (times from time zero).
ChatRecord RecordOf(const OpenMatchSide& side);

// Joins the two sides of each match as they end, from any thread. Memory is bounded by the
// matches in progress, not by every match of the run (a long soak re-matches ~100k times).
class PairJoin {
 public:
  // Hands over one side's record once its chat is over. Thread-safe; called once per ended
  // match, never per message. When the partner's record is already here the pair is joined
  // at once: messages_lost, signals_lost, typing_lost and typing_latency (the k-th indicator
  // received is the partner's k-th sent). A partner who named somebody else: inconsistent_pairs.
  void Deposit(ChatRecord record);

  // Once no thread deposits any more: every side whose partner never came counts in
  // inconsistent_pairs; then everything joined is added to *recorder.
  void Finish(Recorder* recorder);
  // A shard's Finish: the sides whose partner never came are handed out (with times from
  // time_zero_us) for the merge to join, instead of being counted.
  std::vector<OpenMatchSide> FinishShard(Recorder* recorder, Micros time_zero_us);

 private:
  struct KeyHash {
    std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& k) const;
  };

  std::mutex mutex_;
  std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, ChatRecord, KeyHash> waiting_;
  Recorder joined_;
};

}  // namespace swarmgate
