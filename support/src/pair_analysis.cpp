#include "pair_analysis.h"

#include <algorithm>
#include <functional>

namespace swarmgate {

StampedStream::Arrival StampedStream::NoteReceived(std::uint32_t sequence) {
  if (sequence >= sequence_seen.size()) sequence_seen.resize(sequence + 1, false);
  if (sequence_seen[sequence]) return Arrival::kDuplicate;
  sequence_seen[sequence] = true;
  ++received;
  if (static_cast<std::int64_t>(sequence) < max_sequence_seen) return Arrival::kOutOfOrder;
  max_sequence_seen = sequence;
  return Arrival::kNew;
}

void ChatRecord::NoteMessage(std::uint32_t sequence, Recorder* recorder) {
  const StampedStream::Arrival arrival = messages.NoteReceived(sequence);
  if (arrival == StampedStream::Arrival::kDuplicate) {
    recorder->Add(Counter::kMessagesDuplicated);
    return;
  }
  recorder->Add(Counter::kMessagesReceived);
  if (arrival == StampedStream::Arrival::kOutOfOrder) recorder->Add(Counter::kOutOfOrder);
}

void ChatRecord::NoteRecovered(std::uint32_t sequence, Recorder* recorder) {
  if (messages.NoteReceived(sequence) != StampedStream::Arrival::kDuplicate) {
    recorder->Add(Counter::kMessagesReceived);
  }
}

// Signals are not checked for order: a peer takes ICE candidates in any order.
void ChatRecord::NoteSignal(std::uint32_t sequence, Recorder* recorder) {
  const bool duplicate = signals.NoteReceived(sequence) == StampedStream::Arrival::kDuplicate;
  recorder->Add(duplicate ? Counter::kSignalsDuplicated : Counter::kSignalsReceived);
}

std::uint64_t KeyOf(std::string_view id) { return std::hash<std::string_view>()(id); }

namespace {

// What `sender` sent against what `receiver` got from it.
void JoinOneWay(const ChatRecord& sender, const ChatRecord& receiver, Recorder* recorder) {
  recorder->Add(Counter::kMessagesLost,
                std::max<std::int64_t>(0, sender.messages.sent - receiver.messages.received));
  recorder->Add(Counter::kSignalsLost,
                std::max<std::int64_t>(0, sender.signals.sent - receiver.signals.received));
  const std::size_t sent = sender.typing_sent_us.size();
  const std::size_t received = receiver.typing_received_us.size();
  for (std::size_t k = 0; k < std::min(sent, received); ++k) {
    recorder->Record(Latency::kTypingLatency,
                     receiver.typing_received_us[k] - sender.typing_sent_us[k]);
  }
  if (sent > received) {
    recorder->Add(Counter::kTypingLost, static_cast<std::int64_t>(sent - received));
  }
}

}  // namespace

std::size_t PairJoin::KeyHash::operator()(const std::pair<std::uint64_t, std::uint64_t>& k) const {
  return std::hash<std::uint64_t>()(k.first * 0x9E3779B97F4A7C15ULL ^ k.second);
}

void PairJoin::Deposit(ChatRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (record.partner_key == 0) {  // the server does not name partners: the match id alone
    const auto key = std::make_pair(record.match_key, std::uint64_t{0});
    auto other = waiting_.find(key);
    if (other == waiting_.end()) {
      waiting_.emplace(key, std::move(record));
    } else {
      JoinOneWay(record, other->second, &joined_);
      JoinOneWay(other->second, record, &joined_);
      waiting_.erase(other);
    }
    return;
  }
  auto partner = waiting_.find({record.match_key, record.partner_key});
  if (partner != waiting_.end()) {
    if (partner->second.partner_key == record.self_key) {
      JoinOneWay(record, partner->second, &joined_);
      JoinOneWay(partner->second, record, &joined_);
      waiting_.erase(partner);
    } else {
      joined_.Add(Counter::kInconsistentPairs);  // my partner was told another name
    }
    return;
  }
  const auto key = std::make_pair(record.match_key, record.self_key);
  if (!waiting_.try_emplace(key, std::move(record)).second) {
    joined_.Add(Counter::kInconsistentPairs);  // the same match handed to me twice
  }
}

void PairJoin::Finish(Recorder* recorder) {
  std::lock_guard<std::mutex> lock(mutex_);
  joined_.Add(Counter::kInconsistentPairs, static_cast<std::int64_t>(waiting_.size()));
  waiting_.clear();
  recorder->Merge(joined_);
  joined_ = Recorder();
}

std::vector<OpenMatchSide> PairJoin::FinishShard(Recorder* recorder, Micros time_zero_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<OpenMatchSide> sides;
  sides.reserve(waiting_.size());
  for (auto& [key, r] : waiting_) {
    OpenMatchSide& side = sides.emplace_back();
    side.match_key = r.match_key;
    side.self_key = r.self_key;
    side.partner_key = r.partner_key;
    side.messages_sent = r.messages.sent;
    side.messages_received = r.messages.received;
    side.signals_sent = r.signals.sent;
    side.signals_received = r.signals.received;
    for (Micros t : r.typing_sent_us) side.typing_sent_us.push_back(t - time_zero_us);
    for (Micros t : r.typing_received_us) side.typing_received_us.push_back(t - time_zero_us);
  }
  waiting_.clear();
  recorder->Merge(joined_);
  joined_ = Recorder();
  return sides;
}

ChatRecord RecordOf(const OpenMatchSide& side) {
  ChatRecord r;
  r.match_key = side.match_key;
  r.self_key = side.self_key;
  r.partner_key = side.partner_key;
  r.messages.sent = side.messages_sent;
  r.messages.received = side.messages_received;
  r.signals.sent = side.signals_sent;
  r.signals.received = side.signals_received;
  r.typing_sent_us = side.typing_sent_us;
  r.typing_received_us = side.typing_received_us;
  return r;
}

}  // namespace swarmgate
