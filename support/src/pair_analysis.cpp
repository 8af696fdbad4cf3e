#include "pair_analysis.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>

namespace swarmgate {
namespace {

struct PairKeyHash {
  std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& k) const {
    return std::hash<std::uint64_t>()(k.first * 0x9E3779B97F4A7C15ULL ^ k.second);
  }
};

}  // namespace

void ChatRecord::NoteReceived(std::uint32_t sequence, Recorder* recorder) {
  if (sequence >= sequence_seen.size()) sequence_seen.resize(sequence + 1, false);
  if (sequence_seen[sequence]) {
    recorder->Add(Counter::kMessagesDuplicated);
    return;
  }
  sequence_seen[sequence] = true;
  ++messages_received;
  recorder->Add(Counter::kMessagesReceived);
  if (static_cast<std::int64_t>(sequence) < max_sequence_seen) {
    recorder->Add(Counter::kOutOfOrder);
  } else {
    max_sequence_seen = sequence;
  }
}

std::uint64_t KeyOf(std::string_view id) { return std::hash<std::string_view>()(id); }

void AnalyzePairs(const std::vector<const ChatRecord*>& records, Recorder* recorder) {
  std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, const ChatRecord*, PairKeyHash>
      by_match_and_self;
  by_match_and_self.reserve(records.size());
  for (const ChatRecord* r : records) by_match_and_self[{r->match_key, r->self_key}] = r;

  for (const ChatRecord* r : records) {
    auto it = by_match_and_self.find({r->match_key, r->partner_key});
    if (it == by_match_and_self.end() || it->second->partner_key != r->self_key) {
      recorder->Add(Counter::kInconsistentPairs);
      continue;
    }
    const ChatRecord& partner = *it->second;
    recorder->Add(Counter::kMessagesLost,
                  std::max<std::int64_t>(0, r->messages_sent - partner.messages_received));
    const std::size_t sent = r->typing_sent_us.size();
    const std::size_t received = partner.typing_received_us.size();
    for (std::size_t k = 0; k < std::min(sent, received); ++k) {
      recorder->Record(Latency::kTypingLatency,
                       partner.typing_received_us[k] - r->typing_sent_us[k]);
    }
    if (sent > received)
      recorder->Add(Counter::kTypingLost, static_cast<std::int64_t>(sent - received));
  }
}

}  // namespace swarmgate
