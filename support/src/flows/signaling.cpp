// Signaling: matched pairs set up WebRTC calls through the server. Each interval the caller
// (the smaller session id; both sides where the server names no partner) sends an offer of
// sdp_bytes and its ICE candidates; the callee answers each offer at once with an answer and
// its own candidates. Every signal is stamped in its data, so the partner records one-way
// latency (an answer's from the offer's arrival) and the pair join counts what never came.
#include "flows/flow.h"
#include "intended_times.h"
#include "swarm_thread.h"
#include "swarmgate/message_stamp.h"
#include "virtual_user.h"

namespace swarmgate {
namespace {

// An ICE candidate line is about this long ("candidate:842163049 1 udp 1677729535 ...").
constexpr std::size_t kIceCandidateBytes = 120;

class SignalingUser final : public VirtualUser {
 public:
  using VirtualUser::VirtualUser;

 private:
  enum SignalingTag : Tag { kSignalRound = kFirstFlowTag };

  const SignalingParams& params() const { return thread_->spec().Params<SignalingParams>(); }

  // The smaller index of the pair where it is known (swarm matchmaking), else the smaller
  // session id; where the server names no partner, both sides offer.
  bool IsCaller() const {
    if (partner_index() >= 0) return index_ < partner_index();
    return partner_id_.empty() || session_id_ < partner_id_;
  }

  void ChatStarted(Micros now) override {
    next_signal_sequence_ = 0;
    if (!IsCaller()) return;
    next_round_us_ = thread_->times().FirstSendUs(now, params().negotiation_interval_s, index_);
    if (next_round_us_ < chat_end_us()) At(next_round_us_, kSignalRound);
  }

  void OnFlowTimer(Tag tag) override {
    if (tag != kSignalRound || state_ != State::kChatting) return;
    NotePacedSend(next_round_us_, NowMicros());
    SendSignals("offer", next_round_us_);
    next_round_us_ += SecondsToMicros(params().negotiation_interval_s);
    if (next_round_us_ < chat_end_us()) At(next_round_us_, kSignalRound);
  }

  // An offer or answer of sdp_bytes, then ice_candidates candidates, all stamped with
  // intended_us.
  void SendSignals(std::string_view kind, Micros intended_us) {
    std::string& data = thread_->text_buffer();
    for (int i = 0; i <= params().ice_candidates; ++i) {
      const bool description = i == 0;  // the offer or answer, then its candidates
      WriteStampedText(
          {static_cast<std::uint32_t>(index_), next_signal_sequence_++,
           intended_us - thread_->times().start_us(), NowMicros() - thread_->times().start_us()},
          description ? static_cast<std::size_t>(params().sdp_bytes) : kIceCandidateBytes, &data);
      ActionArgs args;
      args.text = data;
      args.signal_kind = description ? kind : std::string_view("ice");
      Send(Action::kSignal, args);
    }
    chat_.signals.sent += params().ice_candidates + 1;
    thread_->recorder().Add(Counter::kSignalsSent, params().ice_candidates + 1);
  }

  // A callee answers an offer at once, so the answer's intended time is the offer's arrival.
  void OnFlowEvent(const Event& event, Micros now) override {
    if (event.kind != EventKind::kSignal) return VirtualUser::OnFlowEvent(event, now);
    MessageStamp stamp;
    ChatRecord* record = current_chat();
    if (!record) return ProtocolError("signal outside a chat", thread_->sample_buffer());
    if (!ReadStamp(event.text, &stamp)) {
      return ProtocolError(
          "signal without a stamp (does /events/signal capture \"signal.data\", "
          "the data that was sent?)",
          thread_->sample_buffer());
    }
    if (event.signal_kind != "offer" && event.signal_kind != "answer" &&
        event.signal_kind != "ice") {
      return ProtocolError("signal of unknown kind \"" + std::string(event.signal_kind) +
                               "\" (does /events/signal capture or set \"signal.kind\"?)",
                           thread_->sample_buffer());
    }
    Recorder& recorder = thread_->recorder();
    if (stamp.sender == static_cast<std::uint32_t>(index_)) {  // the server echoed it back
      recorder.Add(Counter::kSignalsEchoed);
      return;
    }
    NotePartner(stamp.sender);
    recorder.Record(Latency::kSignalLatency,
                    StampAge(now - thread_->times().start_us(), stamp.intended_us));
    record->NoteSignal(stamp.sequence, &recorder);
    if (event.signal_kind == "offer" && state_ == State::kChatting) SendSignals("answer", now);
  }

  Micros next_round_us_ = 0;  // intended time of the caller's next offer
  std::uint32_t next_signal_sequence_ = 0;
};

}  // namespace

const FlowTraits& SignalingFlow() {
  static const FlowTraits traits{Latency::kSignalLatency,
                                 false,
                                 {Action::kSignal},
                                 {EventKind::kSignal},
                                 MakeUserOf<SignalingUser>};
  return traits;
}

}  // namespace swarmgate
