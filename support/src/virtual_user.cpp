#include "virtual_user.h"

#include <algorithm>

#include "http_mix_schedule.h"
#include "swarm_thread.h"
#include "swarmgate/message_stamp.h"

namespace swarmgate {
namespace {

constexpr Micros kPartnerLeftWaitUs = 10 * kMicrosPerSecond;
constexpr Micros kLeaveAckWaitUs = 5 * kMicrosPerSecond;
// A paced send this much after its intended time counts as late (the generator fell behind).
constexpr Micros kLateSendUs = 10 * kMicrosPerMilli;
// How long the welcome and the identify acknowledgement may take before the server is taken
// not to speak the dialect.
constexpr Micros kStepWaitUs = 10 * kMicrosPerSecond;
// An ICE candidate line is about this long ("candidate:842163049 1 udp 1677729535 ...").
constexpr std::size_t kIceCandidateBytes = 120;

// Spreads users over [0, 1) evenly but not in index order (golden-ratio sequence), so that
// neighbours in the ramp do not send in lockstep.
double SpreadOf(int index) {
  const double x = index * 0.6180339887498949;
  return x - static_cast<long long>(x);
}

// call_burst: what the agents do with the call of the visitor with this user index, known to
// both sides. Shares follow SpreadOf; the delay another low-discrepancy sequence (the
// plastic number's), so that outcome and delay are not correlated.
enum class CallOutcome { kAccept, kReject, kNoAnswer };

CallOutcome OutcomeOf(const LoadSpec& spec, int user_index) {
  const double x = SpreadOf(user_index);
  if (x < spec.accept_share) return CallOutcome::kAccept;
  if (x < spec.accept_share + spec.reject_share) return CallOutcome::kReject;
  return CallOutcome::kNoAnswer;
}

Micros AnswerDelayUs(const LoadSpec& spec, int user_index) {
  const double x = user_index * 0.7548776662466927;
  const double u = x - static_cast<long long>(x);
  return SecondsToMicros(spec.answer_delay_min_s +
                         u * (spec.answer_delay_max_s - spec.answer_delay_min_s));
}

}  // namespace

VirtualUser::VirtualUser(SwarmThread* thread, int index) : thread_(thread), index_(index) {}

void VirtualUser::At(Micros due_us, Tag tag) {
  thread_->scheduler().At(due_us, this, (epoch_ << 8) | tag);
}

void VirtualUser::Start() {
  const LoadSpec& spec = thread_->spec();
  if (spec.flow == Flow::kHttpRate) {
    const std::int64_t total = PlannedRequests();
    if (index_ < total)
      thread_->recorder().Add(Counter::kHttpPlanned, (total - index_ - 1) / spec.users + 1);
  }
  if (spec.flow == Flow::kHttpMix) {
    const Micros from_us = thread_->shared().start_us + SecondsToMicros(spec.connect_ramp_s);
    mix_ = std::make_unique<HttpMixSchedule>(spec.UserTypeOf(index_), index_, from_us,
                                             from_us + SecondsToMicros(spec.hold_s));
    thread_->recorder().Add(Counter::kHttpPlanned, mix_->Count());
  }
  if (spec.flow == Flow::kCallBurst && !IsAgent()) return At(ArrivalUs(), kConnectTime);
  const int ramped = spec.flow == Flow::kCallBurst ? spec.agents : spec.users;
  double offset_s = spec.connect_ramp_s * index_ / ramped;
  if (spec.flow == Flow::kBreakingPoint) {  // step k's users ramp in from k * step_s
    offset_s = (index_ / spec.step_users) * spec.step_s +
               spec.connect_ramp_s * (index_ % spec.step_users) / spec.step_users;
  }
  At(thread_->shared().start_us + SecondsToMicros(offset_s), kConnectTime);
}

void VirtualUser::Connect() {
  state_ = State::kConnecting;
  connect_started_us_ = NowMicros();
  thread_->NoteConnectStarted(connect_started_us_);
  thread_->recorder().Add(Counter::kConnectAttempts);
  std::string error;
  connection_ = thread_->client().Connect(this, &error);
  if (!connection_) OnFail(ConnectError::kConnect, error);
}

void VirtualUser::OnOpen() {
  thread_->HandshakeDone();
  thread_->ConnectionOpened();
  const Micros now = NowMicros();
  thread_->NoteOpened(now);
  thread_->recorder().Record(Latency::kConnectTime, now - connect_started_us_);
  const LoadSpec& spec = thread_->spec();
  ++connection_number_;  // a heartbeat chain belongs to one connection
  polling_ = false;
  ScheduleHeartbeat(now);
  if (spec.flow == Flow::kHttpRate) {
    state_ = State::kRequesting;
    next_request_ = index_;
    if (next_request_ >= PlannedRequests()) return CloseNow();
    At(IntendedRequestUs(next_request_), kRequest);
  } else if (mix_) {
    state_ = State::kRequesting;
    if (mix_->done()) return CloseNow();
    At(mix_->next_us(), kRequest);
  } else if (spec.flow == Flow::kSaturate) {
    state_ = State::kHolding;
    Micros hold_end_us = HoldEndUs();
    if (spec.connection_lifetime_s > 0) {
      hold_end_us = std::min(hold_end_us, now + SecondsToMicros(spec.connection_lifetime_s));
    }
    At(hold_end_us, kHoldEnd);
  } else if (thread_->dialect().Announces(EventKind::kWelcome)) {
    state_ = State::kAwaitWelcome;
    At(now + kStepWaitUs, kStepTimeout);
  } else {
    Welcomed({});  // a server that says nothing first
  }
}

void VirtualUser::OnFail(ConnectError error, std::string_view reason) {
  thread_->HandshakeDone();
  thread_->recorder().Add(Counter::kConnectFailures);
  const ErrorClass error_class = error == ConnectError::kHandshake ? ErrorClass::kHandshake
                                 : error == ConnectError::kTimeout ? ErrorClass::kTimeout
                                                                   : ErrorClass::kConnect;
  thread_->errors().Note(error_class, reason);
  Finish();
}

void VirtualUser::OnClosed(std::string_view reason) {
  thread_->ConnectionClosed();
  if (state_ == State::kAway) {                    // our own drop: come back after a while
    const double x = index_ * 0.5698402909980532;  // another low-discrepancy sequence
    const double u = x - static_cast<long long>(x);
    thread_->ReleaseLater(std::move(connection_));
    reconnect_due_us_ = NowMicros() + SecondsToMicros(u * thread_->spec().return_delay_max_s);
    At(reconnect_due_us_, kConnectTime);
    return;
  }
  if (!closing_) {
    thread_->recorder().Add(Counter::kConnectionsDropped);
    thread_->errors().Note(ErrorClass::kCloseAbnormal, reason);
  } else if (state_ == State::kClosing && thread_->spec().connection_lifetime_s > 0 &&
             NowMicros() < HoldEndUs()) {
    // Churn: this user comes back with a new connection. From a timer, not from inside
    // the client's handler of the connection that just closed.
    thread_->ReleaseLater(std::move(connection_));
    closing_ = false;
    state_ = State::kIdle;
    At(NowMicros(), kConnectTime);
    return;
  }
  Finish();
}

void VirtualUser::ScheduleHeartbeat(Micros now) {
  const double interval_s = thread_->dialect().HeartbeatIntervalS();
  if (interval_s <= 0) return;
  thread_->scheduler().At(now + SecondsToMicros(interval_s), this,
                          (connection_number_ << 8) | kHeartbeat);
}

std::int64_t VirtualUser::PlannedRequests() const {
  const LoadSpec& spec = thread_->spec();
  return static_cast<std::int64_t>(spec.request_rate_per_s * spec.hold_s);
}

Micros VirtualUser::IntendedRequestUs(std::int64_t request) const {
  const LoadSpec& spec = thread_->spec();
  return thread_->shared().start_us + SecondsToMicros(spec.connect_ramp_s) +
         static_cast<Micros>(static_cast<double>(request) * kMicrosPerSecond /
                             spec.request_rate_per_s);
}

void VirtualUser::SendRequest() {
  const LoadSpec& spec = thread_->spec();
  const Micros intended_us = mix_ ? mix_->next_us() : IntendedRequestUs(next_request_);
  NotePacedSend(intended_us, NowMicros());
  requests_in_flight_.push_back(intended_us);
  std::string& request = thread_->frame_buffer();
  request = "GET ";
  request +=
      spec.request_paths[static_cast<std::size_t>(next_request_) % spec.request_paths.size()];
  request += '\n';
  thread_->client().Send(connection_, request);
  if (mix_) {  // its own schedule
    ++next_request_;
    mix_->Advance();
    if (!mix_->done()) At(mix_->next_us(), kRequest);
    return;
  }
  next_request_ += spec.users;  // its share of the swarm's schedule
  if (next_request_ < PlannedRequests()) At(IntendedRequestUs(next_request_), kRequest);
}

bool VirtualUser::RequestsDone() const {
  return mix_ ? mix_->done() : next_request_ >= PlannedRequests();
}

Micros VirtualUser::HoldEndUs() const {
  const LoadSpec& spec = thread_->spec();
  return thread_->shared().start_us + SecondsToMicros(spec.connect_ramp_s + spec.hold_s);
}

void VirtualUser::OnTimer(std::uint64_t token) {
  const auto tag = static_cast<Tag>(token & 0xff);
  if (tag == kConnectTime) {
    // A visitor's arrival is an open-model send: its lateness is the generator's.
    if (thread_->spec().flow == Flow::kCallBurst && !IsAgent()) {
      NotePacedSend(ArrivalUs(), NowMicros());
    }
    thread_->RequestConnect(this);
    return;
  }
  if (tag == kAnswerCall) {
    if (state_ == State::kOnDuty) SendDueAnswers();
    return;
  }
  if (tag == kCallWait) {
    if (state_ == State::kCalling) {
      thread_->recorder().Add(Counter::kCallsLost);
      CloseNow();
    }
    return;
  }
  if (tag == kRequest) {
    if (state_ == State::kRequesting) SendRequest();
    return;
  }
  if (tag == kHoldEnd) {
    if (state_ == State::kHolding || state_ == State::kOnDuty) CloseNow();
    return;
  }
  if (tag == kHeartbeat) {  // on the connection's own schedule, whatever the match
    if ((token >> 8) != connection_number_ || state_ == State::kClosing || state_ == State::kDone) {
      return;
    }
    Send(Action::kPing);
    ScheduleHeartbeat(NowMicros());
    return;
  }
  if ((token >> 8) != epoch_) return;  // belongs to an earlier match attempt
  switch (tag) {
    case kFindMatch:
      if (state_ == State::kReady) SendFindMatch();
      break;
    case kMatchTimeout:
      if (state_ == State::kQueued || state_ == State::kMatched) {
        thread_->recorder().Add(Counter::kMatchTimeouts);
        CloseNow();
      }
      break;
    case kTyping:
      if (state_ == State::kChatting) SendTyping();
      break;
    case kMessage:
      if (state_ == State::kChatting) SendMessage();
      break;
    case kSignalRound:
      if (state_ == State::kChatting) SignalRound();
      break;
    case kDrop:
      if (state_ == State::kChatting) Drop();
      break;
    case kLeave:
      if (state_ == State::kChatting && !IsLeaver()) {
        At(NowMicros() + kPartnerLeftWaitUs, kPartnerLeftTimeout);  // the partner leaves
        break;
      }
      if (state_ == State::kChatting) {
        thread_->recorder().Add(Counter::kChatsEnded);
        if (thread_->dialect().LeavesByClosing()) {
          EndMatch();
          CloseNow();  // leaving is closing: this user's flow ends here
          break;
        }
        Send(Action::kLeave);
        if (!thread_->dialect().Announces(EventKind::kLeft)) {
          AfterChat();
          break;
        }
        state_ = State::kLeaving;
        At(NowMicros() + kLeaveAckWaitUs, kLeftTimeout);
      }
      break;
    case kPartnerLeftTimeout:
      if (state_ == State::kChatting) AfterChat();
      break;
    case kLeftTimeout:
      if (state_ == State::kLeaving) AfterChat();
      break;
    case kStepTimeout:
      if (state_ == State::kAwaitWelcome || state_ == State::kIdentifying ||
          state_ == State::kResuming) {
        ProtocolError(state_ == State::kAwaitWelcome  ? "no welcome within 10 s of opening"
                      : state_ == State::kIdentifying ? "no answer to identify within 10 s"
                                                      : "no answer to resume within 10 s",
                      {});
        if (state_ == State::kResuming) return ResumeFailed();
        CloseNow();
      }
      break;
    default:
      break;
  }
}

void VirtualUser::OnHttpResponse(int status, Micros elapsed_us, bool polled,
                                 std::string_view what) {
  Recorder& recorder = thread_->recorder();
  recorder.Add(Counter::kHttpRequests);
  if ((thread_->spec().flow == Flow::kHttpRate || mix_) && !requests_in_flight_.empty()) {
    // From the intended time: a server that falls behind the schedule shows in the figure.
    if (status > 0)
      recorder.Record(Latency::kHttpLatency, NowMicros() - requests_in_flight_.front());
    requests_in_flight_.pop_front();
    if (requests_in_flight_.empty() && RequestsDone()) CloseNow();
  } else if (status > 0) {
    recorder.Record(Latency::kHttpLatency, elapsed_us);
  }
  if (status == 0 || status >= 400) {
    recorder.Add(Counter::kHttpErrors);
    thread_->errors().Note(ErrorClass::kHttp, what);
  }
  next_body_polled_ = polled;
}

void VirtualUser::OnFrame(std::string* payload) {
  const bool polled = next_body_polled_;
  next_body_polled_ = false;
  if (thread_->spec().flow == Flow::kHttpRate || mix_) return;  // the answer's time counts
  if (!polled) return HandleMessage(payload);
  std::vector<std::string>& batch = thread_->batch_buffer();
  std::string error;
  if (!thread_->dialect().Unbatch(payload, &batch, &error)) return ProtocolError(error, *payload);
  for (std::string& message : batch) HandleMessage(&message);
}

void VirtualUser::HandleMessage(std::string* payload) {
  if (state_ == State::kClosing || state_ == State::kDone) return;
  Event event;
  const bool decoded = thread_->dialect().Decode(payload, &event);
  if (!event.reply.empty()) thread_->client().Send(connection_, event.reply);
  // An idle connection answers its transport (Socket.IO pings above); the rest is ignored.
  if (state_ == State::kHolding) return;
  if (!decoded) {
    ProtocolError(event.detail, *payload);
    return;
  }
  Recorder& recorder = thread_->recorder();
  const Micros now = NowMicros();
  switch (event.kind) {
    case EventKind::kWelcome:
      if (state_ != State::kAwaitWelcome) return ProtocolError("unexpected welcome", {});
      Welcomed(event.session_id);
      break;
    case EventKind::kIdentified:
      if (state_ != State::kIdentifying) return ProtocolError("unexpected identify ack", {});
      if (!event.session_id.empty()) session_id_ = std::string(event.session_id);
      Ready();
      break;
    case EventKind::kQueued:
      break;
    case EventKind::kMatched:
      if (state_ == State::kMatched || state_ == State::kChatting || state_ == State::kLeaving) {
        recorder.Add(Counter::kDuplicateMatches);
        return;
      }
      if (state_ != State::kQueued) return ProtocolError("match outside the queue", {});
      recorder.Record(Latency::kPairingTime, now - find_sent_us_);
      match_id_ = std::string(event.match_id);
      partner_id_ = std::string(event.partner_id);
      resume_token_ = std::string(event.resume_token);
      chat_ = ChatRecord();
      chat_.match_key = KeyOf(match_id_);
      chat_.self_key = KeyOf(session_id_);
      chat_.partner_key = partner_id_.empty() ? 0 : KeyOf(partner_id_);
      in_match_ = true;
      state_ = State::kMatched;
      if (thread_->dialect().Has(Action::kAccept)) Send(Action::kAccept);
      if (!thread_->dialect().Announces(EventKind::kChatStarted)) {
        recorder.Add(Counter::kMatchSuccess);  // the match notice starts the chat
        StartChat();
      }
      break;
    case EventKind::kChatStarted:
      if (state_ != State::kMatched) return ProtocolError("chat started outside a match", {});
      recorder.Add(Counter::kMatchSuccess);
      StartChat();
      break;
    case EventKind::kMessage: {
      MessageStamp stamp;
      ChatRecord* chat = current_chat();
      const bool own_field = thread_->dialect().StampInOwnField();
      if (!chat || !ReadStamp(own_field ? event.stamp : event.text, &stamp)) {
        return ProtocolError(chat ? "message without a stamp" : "message outside a chat", {});
      }
      partner_index_ = static_cast<std::int64_t>(stamp.sender);
      recorder.Record(Latency::kMessageLatency, now - stamp.intended_us);
      recorder.Record(Latency::kMessageServiceTime, now - stamp.sent_us);
      chat->NoteMessage(stamp.sequence, &recorder);
      break;
    }
    case EventKind::kSignal:
      OnSignal(event, now);
      break;
    case EventKind::kIncomingCall:
      OnIncomingCall(event, now);
      break;
    case EventKind::kCallAnswered:
    case EventKind::kCallTimeout:
      OnCallEnded(event, now);
      break;
    case EventKind::kTyping:
      if (ChatRecord* chat = current_chat()) chat->typing_received_us.push_back(now);
      break;
    case EventKind::kPartnerLeft:
      if (state_ == State::kChatting || state_ == State::kMatched) {
        if (!IsLeaver() && state_ == State::kChatting) {
          recorder.Add(Counter::kPartnerLeftDelivered);
        }
        AfterChat();
      }
      break;
    case EventKind::kLeft:
      if (state_ == State::kLeaving) AfterChat();
      break;
    case EventKind::kError:
      recorder.Add(Counter::kServerErrors);
      thread_->errors().Note(ErrorClass::kServer, event.detail);
      if (state_ == State::kResuming) ResumeFailed();
      break;
    case EventKind::kResumed:
      if (state_ != State::kResuming) return ProtocolError("resumed without a resume", {});
      OnResumed(event, now);
      break;
    case EventKind::kTransport:
    case EventKind::kPong:
    case EventKind::kUnknown:
      break;
  }
}

void VirtualUser::Welcomed(std::string_view session_id) {
  session_id_ = std::string(session_id);
  if (resuming_) {  // the same user, back: no identify, no queue
    Send(Action::kResume);
    state_ = State::kResuming;
    At(NowMicros() + kStepWaitUs, kStepTimeout);
    return;
  }
  if (!thread_->dialect().Has(Action::kIdentify)) return Ready();
  Send(Action::kIdentify);
  if (!thread_->dialect().Announces(EventKind::kIdentified)) return Ready();
  state_ = State::kIdentifying;
  At(NowMicros() + kStepWaitUs, kStepTimeout);
}

void VirtualUser::Ready() {
  state_ = State::kReady;
  if (thread_->dialect().OverHttp() && !polling_) {  // the session is known from here on
    polling_ = true;
    Encode(Action::kPoll);
    thread_->client().StartPolling(connection_, thread_->frame_buffer(),
                                   SecondsToMicros(thread_->dialect().PollIntervalS()));
  }
  const LoadSpec& spec = thread_->spec();
  if (spec.flow == Flow::kCallBurst) return IsAgent() ? GoOnDuty() : RequestCall();
  if (spec.match_window_s > 0) {
    const double at_s = spec.connect_ramp_s + spec.match_window_s * index_ / spec.users;
    At(thread_->shared().start_us + SecondsToMicros(at_s), kFindMatch);
  } else {
    SendFindMatch();
  }
}

void VirtualUser::Send(Action action, ActionArgs args) {
  Encode(action, args);
  thread_->client().Send(connection_, thread_->frame_buffer());
}

void VirtualUser::Encode(Action action, ActionArgs args) {
  const std::string user_name = "swarmgate-" + std::to_string(index_);
  args.user_name = user_name;
  args.user_index = index_;
  args.session_id = session_id_;
  args.match_id = match_id_;
  args.partner_id = partner_id_;
  args.resume_token = resume_token_;
  thread_->dialect().Encode(action, args, &thread_->frame_buffer());
}

void VirtualUser::SendFindMatch() {
  ++epoch_;
  state_ = State::kQueued;
  find_sent_us_ = NowMicros();
  thread_->recorder().Add(Counter::kMatchAttempts);
  Send(Action::kFindMatch);
  At(find_sent_us_ + SecondsToMicros(thread_->spec().match_timeout_s), kMatchTimeout);
}

void VirtualUser::StartChat() {
  const LoadSpec& spec = thread_->spec();
  const Micros now = NowMicros();
  state_ = State::kChatting;
  partner_index_ = -1;
  chat_end_us_ = now + SecondsToMicros(spec.chat_s);
  if (spec.flow == Flow::kBreakingPoint) {  // every step's users chat until the last step ends
    chat_end_us_ =
        thread_->shared().start_us + SecondsToMicros(spec.users / spec.step_users * spec.step_s);
  }
  next_sequence_ = 0;
  next_signal_sequence_ = 0;
  if (spec.flow == Flow::kReconnectStorm && !dropped_ &&
      SpreadOf(index_ * 3 + 1) < spec.drop_share) {
    const double at_s =
        spec.connect_ramp_s + spec.drop_after_s + spec.drop_window_s * SpreadOf(index_);
    At(std::max(now, thread_->shared().start_us + SecondsToMicros(at_s)), kDrop);
  }
  if (spec.flow == Flow::kSignaling && IsCaller()) {
    next_round_us_ = now + SecondsToMicros(spec.message_interval_s * SpreadOf(index_));
    if (next_round_us_ < chat_end_us_) At(next_round_us_, kSignalRound);
  }
  if (spec.flow == Flow::kChat || spec.flow == Flow::kReconnectStorm ||
      spec.flow == Flow::kBreakingPoint) {
    // A per-user phase within the interval keeps the swarm's sends spread out in time.
    next_typing_us_ = now + SecondsToMicros(spec.message_interval_s * SpreadOf(index_));
    if (next_typing_us_ < chat_end_us_) At(next_typing_us_, kTyping);
  }
  const Micros leave_us = chat_end_us_ + SecondsToMicros(spec.drain_s);
  At(leave_us, kLeave);
}

// One side of each pair ends the chat: the one with the smaller hash of its session id as of
// the match (a resumed user has a new session, its partner still knows the old one), or, for
// servers that do not name the partner, the smaller user index (learned from the partner's
// stamps). Knowing neither, both wait to be told and end the chat on the partner-left timeout.
bool VirtualUser::IsLeaver() const {
  if (chat_.partner_key != 0) return chat_.self_key < chat_.partner_key;
  return partner_index_ >= 0 && index_ < partner_index_;
}

// The caller of a signaling pair: known only where the server names partners, else both
// sides offer (and answer each other's offers).
bool VirtualUser::IsCaller() const { return partner_id_.empty() || session_id_ < partner_id_; }

void VirtualUser::NotePacedSend(Micros intended_us, Micros sent_us) {
  Recorder& recorder = thread_->recorder();
  recorder.Record(Latency::kSendLateness, sent_us - intended_us);
  recorder.Add(Counter::kPacedSends);
  if (sent_us - intended_us > kLateSendUs) recorder.Add(Counter::kLateSends);
}

// In a reconnect storm no indicator is sent: they carry no sequence, so the ones a dropped
// user misses would shift the join by order.
void VirtualUser::SendTyping() {
  ChatRecord& chat = chat_;
  NotePacedSend(next_typing_us_, NowMicros());
  if (thread_->spec().flow != Flow::kReconnectStorm) {
    Send(Action::kTyping);
    chat.typing_sent_us.push_back(next_typing_us_);
    thread_->recorder().Add(Counter::kTypingSent);
  }
  At(next_typing_us_ + SecondsToMicros(thread_->spec().typing_lead_s), kMessage);
}

void VirtualUser::SendMessage() {
  const LoadSpec& spec = thread_->spec();
  const Micros intended_us = next_typing_us_ + SecondsToMicros(spec.typing_lead_s);
  const Micros sent_us = NowMicros();
  NotePacedSend(intended_us, sent_us);
  std::string& text = thread_->text_buffer();
  const std::size_t stamp_length =
      WriteStampedText({static_cast<std::uint32_t>(index_), next_sequence_++, intended_us, sent_us},
                       static_cast<std::size_t>(spec.payload_bytes), &text);
  ActionArgs args;
  args.text = text;
  if (thread_->dialect().StampInOwnField()) {
    args.stamp = args.text.substr(0, stamp_length);
    args.text.remove_prefix(stamp_length);
  }
  Send(Action::kMessage, args);
  ++chat_.messages.sent;
  thread_->recorder().Add(Counter::kMessagesSent);
  next_typing_us_ += SecondsToMicros(spec.message_interval_s);
  if (next_typing_us_ < chat_end_us_) At(next_typing_us_, kTyping);
}

void VirtualUser::SignalRound() {
  NotePacedSend(next_round_us_, NowMicros());
  SendSignals("offer", next_round_us_);
  next_round_us_ += SecondsToMicros(thread_->spec().message_interval_s);
  if (next_round_us_ < chat_end_us_) At(next_round_us_, kSignalRound);
}

void VirtualUser::SendSignals(std::string_view kind, Micros intended_us) {
  const LoadSpec& spec = thread_->spec();
  std::string& data = thread_->text_buffer();
  for (int i = 0; i <= spec.ice_candidates; ++i) {
    const bool description = i == 0;  // the offer or answer, then its candidates
    WriteStampedText(
        {static_cast<std::uint32_t>(index_), next_signal_sequence_++, intended_us, NowMicros()},
        description ? static_cast<std::size_t>(spec.payload_bytes) : kIceCandidateBytes, &data);
    ActionArgs args;
    args.text = data;
    args.signal_kind = description ? kind : std::string_view("ice");
    Send(Action::kSignal, args);
  }
  chat_.signals.sent += spec.ice_candidates + 1;
  thread_->recorder().Add(Counter::kSignalsSent, spec.ice_candidates + 1);
}

// Every signal is stamped in its data; a callee answers an offer at once, so the answer's
// intended time is the offer's arrival.
void VirtualUser::OnSignal(const Event& event, Micros now) {
  MessageStamp stamp;
  ChatRecord* chat = current_chat();
  if (!chat || !ReadStamp(event.text, &stamp)) {
    return ProtocolError(chat ? "signal without a stamp" : "signal outside a chat", {});
  }
  if (event.signal_kind != "offer" && event.signal_kind != "answer" && event.signal_kind != "ice") {
    return ProtocolError("signal of unknown kind \"" + std::string(event.signal_kind) + "\"", {});
  }
  partner_index_ = static_cast<std::int64_t>(stamp.sender);
  Recorder& recorder = thread_->recorder();
  recorder.Record(Latency::kSignalLatency, now - stamp.intended_us);
  chat->NoteSignal(stamp.sequence, &recorder);
  if (event.signal_kind == "offer" && state_ == State::kChatting) SendSignals("answer", now);
}

bool VirtualUser::IsAgent() const { return index_ < thread_->spec().agents; }

Micros VirtualUser::ArrivalUs() const {
  const LoadSpec& spec = thread_->spec();
  return thread_->shared().start_us + SecondsToMicros(spec.VisitorArrivalS(index_ - spec.agents));
}

// An agent takes calls until the last visitor has arrived and waited its longest.
void VirtualUser::GoOnDuty() {
  const LoadSpec& spec = thread_->spec();
  state_ = State::kOnDuty;
  if (!pending_answers_) pending_answers_ = std::make_unique<PendingAnswers>();
  Send(Action::kRegisterAgent);
  const int last_visitor = spec.users - spec.agents - 1;
  At(thread_->shared().start_us +
         SecondsToMicros(spec.VisitorArrivalS(last_visitor) + spec.call_wait_s),
     kHoldEnd);
}

// The call id is the visitor's stamp (index, intended arrival), which the server hands to
// the agent: the agent learns the ring time and which visitor calls, hence what to do.
void VirtualUser::RequestCall() {
  const Micros arrival_us = ArrivalUs();
  state_ = State::kCalling;
  std::string& id = thread_->text_buffer();
  WriteStampedText({static_cast<std::uint32_t>(index_), 0, arrival_us, NowMicros()}, 0, &id);
  call_id_ = id;
  ActionArgs args;
  args.call_id = call_id_;
  Send(Action::kRequestCall, args);
  thread_->recorder().Add(Counter::kCallsRequested);
  At(arrival_us + SecondsToMicros(thread_->spec().call_wait_s), kCallWait);
}

void VirtualUser::OnIncomingCall(const Event& event, Micros now) {
  const LoadSpec& spec = thread_->spec();
  MessageStamp stamp;
  if (state_ != State::kOnDuty) return ProtocolError("a call for a user who is no agent", {});
  if (!ReadStamp(event.call_id, &stamp) || stamp.sender < static_cast<std::uint32_t>(spec.agents) ||
      stamp.sender >= static_cast<std::uint32_t>(spec.users)) {
    return ProtocolError("an incoming call whose id is no visitor's", event.call_id);
  }
  thread_->recorder().Record(Latency::kRingTime, now - stamp.intended_us);
  const int visitor = static_cast<int>(stamp.sender);
  const CallOutcome outcome = OutcomeOf(spec, visitor);
  if (outcome == CallOutcome::kNoAnswer) return;  // let it ring
  const Micros due_us = now + AnswerDelayUs(spec, visitor);
  pending_answers_->emplace(
      due_us, std::make_pair(std::string(event.call_id), outcome == CallOutcome::kAccept));
  At(due_us, kAnswerCall);
}

void VirtualUser::SendDueAnswers() {
  const Micros now = NowMicros();
  while (!pending_answers_->empty() && pending_answers_->begin()->first <= now) {
    const auto& [call_id, accept] = pending_answers_->begin()->second;
    ActionArgs args;
    args.call_id = call_id;
    args.call_decision = accept ? "accept" : "reject";
    Send(Action::kAnswerCall, args);
    pending_answers_->erase(pending_answers_->begin());
  }
}

// The visitor's call is over: each outcome is counted, and checked against what the agent
// was told to do with it.
void VirtualUser::OnCallEnded(const Event& event, Micros now) {
  if (state_ == State::kOnDuty && event.kind == EventKind::kCallTimeout) return;  // cancelled
  // A server may not repeat the call id; one call per visitor makes it unambiguous anyway.
  if (state_ != State::kCalling || (!event.call_id.empty() && event.call_id != call_id_)) {
    return ProtocolError("the end of a call this user did not make", event.call_id);
  }
  Recorder& recorder = thread_->recorder();
  CallOutcome outcome = CallOutcome::kNoAnswer;
  if (event.kind == EventKind::kCallTimeout) {
    recorder.Add(Counter::kCallsTimedOut);
  } else if (event.call_decision == "accept" || event.call_decision == "reject") {
    outcome = event.call_decision == "accept" ? CallOutcome::kAccept : CallOutcome::kReject;
    recorder.Add(outcome == CallOutcome::kAccept ? Counter::kCallsAccepted
                                                 : Counter::kCallsRejected);
    recorder.Record(Latency::kCallSetupTime, now - ArrivalUs());
  } else {
    return ProtocolError("a call answer that is neither accept nor reject", event.call_decision);
  }
  if (outcome != OutcomeOf(thread_->spec(), index_)) recorder.Add(Counter::kCallsMisanswered);
  CloseNow();
}

// Drops the connection as a failing network would; OnClosed schedules the return.
void VirtualUser::Drop() {
  dropped_ = true;
  resuming_ = true;
  sent_before_drop_ = next_sequence_;
  ++epoch_;  // the chat's timers stop; OnResumed starts them again
  state_ = State::kAway;
  thread_->recorder().Add(Counter::kReconnects);
  thread_->client().Abort(connection_);
}

// Back in the match: the history must end with exactly the messages this user sent before
// the drop (a server may keep only the latest ones), and the partner's messages sent while
// this user was away are recovered from it.
void VirtualUser::OnResumed(const Event& event, Micros now) {
  Recorder& recorder = thread_->recorder();
  resuming_ = false;
  recorder.Add(Counter::kReconnectSuccess);
  recorder.Record(Latency::kResumeTime, now - reconnect_due_us_);
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
    const std::int64_t last_own = expected_next - 1;
    if (!consistent || last_own != static_cast<std::int64_t>(sent_before_drop_) - 1) {
      recorder.Add(Counter::kHistoryMismatches);
    }
  }
  state_ = State::kChatting;
  ScheduleChatTimers(now);
}

void VirtualUser::ResumeFailed() {
  resuming_ = false;
  EndMatch();
  CloseNow();
}

void VirtualUser::ScheduleChatTimers(Micros now) {
  const LoadSpec& spec = thread_->spec();
  while (next_typing_us_ < now) next_typing_us_ += SecondsToMicros(spec.message_interval_s);
  if (next_typing_us_ < chat_end_us_) At(next_typing_us_, kTyping);
  At(chat_end_us_ + SecondsToMicros(spec.drain_s), kLeave);
}

void VirtualUser::EndMatch() {
  if (!in_match_) return;
  in_match_ = false;
  thread_->shared().pair_join.Deposit(std::move(chat_));
}

void VirtualUser::HandOverOpenMatch() { EndMatch(); }

void VirtualUser::AfterChat() {
  EndMatch();
  const LoadSpec& spec = thread_->spec();
  const Micros next_find_us = NowMicros() + SecondsToMicros(spec.rematch_pause_s);
  const Micros rematch_end_us =
      thread_->shared().start_us + SecondsToMicros(spec.connect_ramp_s + spec.rematch_for_s);
  if (spec.rematch_for_s > 0 && next_find_us < rematch_end_us) {
    state_ = State::kReady;
    ++epoch_;  // drops the pending chat timers
    At(next_find_us, kFindMatch);
  } else {
    CloseNow();
  }
}

void VirtualUser::CloseNow() {
  closing_ = true;
  state_ = State::kClosing;
  thread_->client().Close(connection_);
}

void VirtualUser::Finish() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  EndMatch();  // a match timeout or a dropped connection ends the match too
  if (connection_) thread_->ReleaseLater(std::move(connection_));
  thread_->UserFinished();
}

void VirtualUser::ProtocolError(std::string_view what, std::string_view frame) {
  thread_->recorder().Add(Counter::kProtocolErrors);
  std::string sample(what);
  if (!frame.empty()) {
    sample += ": ";
    for (char c : frame.substr(0, 120)) sample += (c == '\0' ? ' ' : c);
  }
  thread_->errors().Note(ErrorClass::kProtocol, sample);
}

}  // namespace swarmgate
