// Reconnect storm: chat, except that a share of the users drop their connection mid-chat (no
// close handshake, as a failing network would), come back after a delay and resume the match
// with its token. The history the server restores must end with exactly the messages the
// user sent before the drop, and the partner's messages sent meanwhile are recovered from it.
// No typing indicator is sent: they carry no sequence, so the ones a dropped user misses
// would shift the join by order.
#include <algorithm>

#include "flows/chat.h"
#include "flows/flow.h"
#include "intended_times.h"
#include "swarm_thread.h"
#include "swarmgate/message_stamp.h"

namespace swarmgate {
namespace {

// How long the server may take to answer a resume.
constexpr Micros kResumeWaitUs = 10 * kMicrosPerSecond;

class ReconnectStormUser final : public ChatUser {
 public:
  using ChatUser::ChatUser;

 private:
  enum StormTag : Tag { kDrop = kFirstChatFlowTag, kResumeTimeout };
  enum class Phase { kConnected, kAway, kResuming };

  bool SendsTyping() const override { return false; }

  void ChatStarted(Micros now) override {
    if (!dropped_ && thread_->times().Drops(index_)) {
      At(std::max(now, thread_->times().DropUs(index_)), kDrop);
    }
    ChatUser::ChatStarted(now);
  }

  void OnFlowTimer(Tag tag) override {
    if (tag == kDrop && state_ == State::kChatting) return Drop();
    if (tag == kResumeTimeout && phase_ == Phase::kResuming) {
      ProtocolError("no answer to resume within 10 s", {});
      return ResumeFailed();
    }
    ChatUser::OnFlowTimer(tag);
  }

  // Drops the connection as a failing network would; ComesBack schedules the return.
  void Drop() {
    dropped_ = true;
    sent_before_drop_ = next_sequence_;
    NewEpoch();  // the chat's timers stop; OnResumed starts them again
    state_ = State::kFlow;
    phase_ = Phase::kAway;
    thread_->recorder().Add(Counter::kReconnects);
    AbortConnection();
  }

  bool ComesBack() override {
    if (phase_ != Phase::kAway) return false;
    reconnect_due_us_ = NowMicros() + thread_->times().ReturnDelayUs(index_);
    ReconnectAt(reconnect_due_us_);
    return true;
  }

  // The same user, back: no identify, no queue.
  void Welcomed(std::string_view session_id) override {
    if (phase_ != Phase::kAway) return ChatUser::Welcomed(session_id);
    session_id_ = std::string(session_id);
    Send(Action::kResume);
    state_ = State::kFlow;
    phase_ = Phase::kResuming;
    At(NowMicros() + kResumeWaitUs, kResumeTimeout);
  }

  void OnFlowEvent(const Event& event, Micros now) override {
    if (event.kind == EventKind::kResumed) {
      if (phase_ != Phase::kResuming) return ProtocolError("resumed without a resume", {});
      return OnResumed(event, now);
    }
    if (event.kind == EventKind::kError) {
      if (phase_ == Phase::kResuming) ResumeFailed();
      return;
    }
    ChatUser::OnFlowEvent(event, now);
  }

  // Back in the match: the history must end with exactly the messages this user sent before
  // the drop (a server may keep only the latest ones), and the partner's messages sent while
  // this user was away are recovered from it.
  void OnResumed(const Event& event, Micros now) {
    Recorder& recorder = thread_->recorder();
    phase_ = Phase::kConnected;
    recorder.Add(Counter::kReconnectSuccess);
    recorder.Record(Latency::kResumeTime, now - reconnect_due_us_);
    if (!event.history_error.empty()) {
      ProtocolError(std::string(event.history_error) +
                        " (does /events/resumed capture the text "
                        "of each element with \"history.text\"?)",
                    thread_->sample_buffer());
    }
    if (event.has_history) {
      std::int64_t expected_next = -1;  // the next own sequence the history must hold
      bool consistent = true;
      for (std::string_view text : event.history) {
        MessageStamp stamp;
        if (!ReadStamp(text, &stamp)) continue;  // not a message of this swarm
        if (stamp.sender != static_cast<std::uint32_t>(index_)) {
          chat_.NoteRecovered(stamp.sequence, &recorder);
          continue;
        }
        if (expected_next >= 0 && stamp.sequence != expected_next) consistent = false;
        expected_next = stamp.sequence + 1;
      }
      const std::int64_t last_own = expected_next < 0 ? -1 : expected_next - 1;  // -1: none
      if (!consistent || last_own != static_cast<std::int64_t>(sent_before_drop_) - 1) {
        recorder.Add(Counter::kHistoryMismatches);
      }
    }
    ContinueChat();
    ResumeSending(now);
  }

  void ResumeFailed() {
    phase_ = Phase::kConnected;
    EndMatch();
    CloseNow();
  }

  Phase phase_ = Phase::kConnected;
  bool dropped_ = false;                // one drop per user
  std::uint32_t sent_before_drop_ = 0;  // messages sent before it
  Micros reconnect_due_us_ = 0;         // the intended reconnect time
};

}  // namespace

const FlowTraits& ReconnectStormFlow() {
  static const FlowTraits traits{Latency::kResumeTime,
                                 false,
                                 {Action::kMessage, Action::kResume},
                                 {EventKind::kMessage, EventKind::kResumed},
                                 MakeUserOf<ReconnectStormUser>};
  return traits;
}

}  // namespace swarmgate
