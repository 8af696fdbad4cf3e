#include "virtual_user.h"

#include "intended_times.h"
#include "swarm_thread.h"

namespace swarmgate {
namespace {

constexpr Micros kPartnerLeftWaitUs = 10 * kMicrosPerSecond;
constexpr Micros kLeaveAckWaitUs = 5 * kMicrosPerSecond;
// A paced send this much after its intended time counts as late (the generator fell behind).
constexpr Micros kLateSendUs = 10 * kMicrosPerMilli;
// How long the welcome and the identify acknowledgement may take before the server is taken
// not to speak the dialect.
constexpr Micros kStepWaitUs = 10 * kMicrosPerSecond;

}  // namespace

VirtualUser::VirtualUser(SwarmThread* thread, int index) : thread_(thread), index_(index) {}

VirtualUser::~VirtualUser() = default;

void VirtualUser::At(Micros due_us, Tag tag) {
  thread_->scheduler().At(due_us, this, (epoch_ << 8) | tag);
}

const MatchParams& VirtualUser::match() const { return *thread_->shared().match; }

void VirtualUser::Start() { At(thread_->times().ConnectUs(index_), kConnectTime); }

void VirtualUser::ConnectDue() { thread_->RequestConnect(this); }

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
  ++connection_number_;  // a heartbeat chain belongs to one connection
  polling_ = false;
  ScheduleHeartbeat(now);
  Opened(now);
}

void VirtualUser::Opened(Micros now) {
  if (thread_->dialect().Announces(EventKind::kWelcome)) {
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
  if (ComesBack()) return;
  if (!closing_) {
    thread_->recorder().Add(Counter::kConnectionsDropped);
    thread_->errors().Note(ErrorClass::kCloseAbnormal, reason);
  }
  Finish();
}

bool VirtualUser::ComesBack() { return false; }

// From a timer, not from inside the client's handler of the connection that just closed.
void VirtualUser::ReconnectAt(Micros due_us) {
  thread_->ReleaseLater(std::move(connection_));
  closing_ = false;
  state_ = State::kIdle;
  At(due_us, kConnectTime);
}

void VirtualUser::AbortConnection() { thread_->client().Abort(connection_); }

void VirtualUser::ScheduleHeartbeat(Micros now) {
  const double interval_s = thread_->dialect().HeartbeatIntervalS();
  if (interval_s <= 0) return;
  thread_->scheduler().At(now + SecondsToMicros(interval_s), this,
                          (connection_number_ << 8) | kHeartbeat);
}

void VirtualUser::OnTimer(std::uint64_t token) {
  const auto tag = static_cast<Tag>(token & 0xff);
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
    case kConnectTime:
      ConnectDue();
      break;
    case kFindMatch:
      if (state_ == State::kReady) SendFindMatch();
      break;
    case kMatchTimeout:
      if (state_ == State::kQueued || state_ == State::kMatched) {
        thread_->recorder().Add(Counter::kMatchTimeouts);
        CloseNow();
      }
      break;
    case kLeave:
      LeaveDue();
      break;
    case kPartnerLeftTimeout:
      if (state_ == State::kChatting) AfterChat();
      break;
    case kLeftTimeout:
      if (state_ == State::kLeaving) AfterChat();
      break;
    case kStepTimeout:
      if (state_ == State::kAwaitWelcome || state_ == State::kIdentifying) {
        ProtocolError(state_ == State::kAwaitWelcome ? "no welcome within 10 s of opening"
                                                     : "no answer to identify within 10 s",
                      {});
        CloseNow();
      }
      break;
    default:
      OnFlowTimer(tag);
  }
}

void VirtualUser::OnFlowTimer(Tag) {}

void VirtualUser::NoteHttpAnswer(int status, std::string_view what) {
  thread_->recorder().Add(Counter::kHttpRequests);
  if (status == 0 || status >= 400) {
    thread_->recorder().Add(Counter::kHttpErrors);
    thread_->errors().Note(ErrorClass::kHttp, what);
  }
}

void VirtualUser::OnHttpResponse(int status, Micros elapsed_us, bool polled,
                                 std::string_view what) {
  if (status > 0) thread_->recorder().Record(Latency::kHttpLatency, elapsed_us);
  NoteHttpAnswer(status, what);
  next_body_polled_ = polled;
}

void VirtualUser::OnFrame(std::string* payload) {
  const bool polled = next_body_polled_;
  next_body_polled_ = false;
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
  const Micros now = NowMicros();
  switch (event.kind) {
    case EventKind::kWelcome:
      if (state_ != State::kAwaitWelcome) return ProtocolError("unexpected welcome", {});
      Welcomed(event.session_id);
      break;
    case EventKind::kIdentified:
      if (state_ != State::kIdentifying) return ProtocolError("unexpected identify ack", {});
      if (!event.session_id.empty()) session_id_ = std::string(event.session_id);
      Identified();
      break;
    case EventKind::kMatched:
      OnMatched(event, now);
      break;
    case EventKind::kChatStarted:
      if (state_ != State::kMatched) return ProtocolError("chat started outside a match", {});
      thread_->recorder().Add(Counter::kMatchSuccess);
      BeginChat(now);
      break;
    case EventKind::kPartnerLeft:
      if (state_ == State::kChatting || state_ == State::kMatched) {
        if (!IsLeaver() && state_ == State::kChatting) {
          thread_->recorder().Add(Counter::kPartnerLeftDelivered);
        }
        AfterChat();
      }
      break;
    case EventKind::kLeft:
      if (state_ == State::kLeaving) AfterChat();
      break;
    case EventKind::kError:
      thread_->recorder().Add(Counter::kServerErrors);
      thread_->errors().Note(ErrorClass::kServer, event.detail);
      OnFlowEvent(event, now);
      break;
    case EventKind::kMessage:
    case EventKind::kTyping:
    case EventKind::kSignal:
    case EventKind::kIncomingCall:
    case EventKind::kCallAnswered:
    case EventKind::kCallTimeout:
    case EventKind::kResumed:
      OnFlowEvent(event, now);
      break;
    case EventKind::kQueued:
    case EventKind::kTransport:
    case EventKind::kPong:
    case EventKind::kUnknown:
      break;
  }
}

void VirtualUser::OnFlowEvent(const Event& event, Micros) {
  if (event.kind == EventKind::kError) return;
  ProtocolError("unexpected " + std::string(NameOf(event.kind)) +
                    " event (this flow sends "
                    "nothing that asks for one)",
                {});
}

void VirtualUser::OnMatched(const Event& event, Micros now) {
  if (state_ == State::kMatched || state_ == State::kChatting || state_ == State::kLeaving) {
    thread_->recorder().Add(Counter::kDuplicateMatches);
    return;
  }
  if (state_ != State::kQueued) return ProtocolError("match outside the queue", {});
  thread_->recorder().Record(Latency::kPairingTime, now - find_sent_us_);
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
    thread_->recorder().Add(Counter::kMatchSuccess);  // the match notice starts the chat
    BeginChat(now);
  }
}

void VirtualUser::Welcomed(std::string_view session_id) {
  session_id_ = std::string(session_id);
  if (!thread_->dialect().Has(Action::kIdentify)) return Identified();
  Send(Action::kIdentify);
  if (!thread_->dialect().Announces(EventKind::kIdentified)) return Identified();
  state_ = State::kIdentifying;
  At(NowMicros() + kStepWaitUs, kStepTimeout);
}

void VirtualUser::Identified() {
  state_ = State::kReady;
  if (thread_->dialect().OverHttp() && !polling_) {  // the session is known from here on
    polling_ = true;
    Encode(Action::kPoll);
    thread_->client().StartPolling(connection_, thread_->frame_buffer(),
                                   SecondsToMicros(thread_->dialect().PollIntervalS()));
  }
  Ready();
}

void VirtualUser::Ready() {
  if (match().match_window_s > 0) {
    At(thread_->times().FindMatchUs(index_), kFindMatch);
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
  NewEpoch();
  state_ = State::kQueued;
  find_sent_us_ = NowMicros();
  thread_->recorder().Add(Counter::kMatchAttempts);
  Send(Action::kFindMatch);
  At(find_sent_us_ + SecondsToMicros(match().match_timeout_s), kMatchTimeout);
}

void VirtualUser::BeginChat(Micros now) {
  state_ = State::kChatting;
  partner_index_ = -1;
  chat_end_us_ = ChatEndUs(now);
  ChatStarted(now);
  At(chat_end_us_ + SecondsToMicros(match().drain_s), kLeave);
}

void VirtualUser::ChatStarted(Micros) {}

void VirtualUser::ContinueChat() {
  state_ = State::kChatting;
  At(chat_end_us_ + SecondsToMicros(match().drain_s), kLeave);
}

Micros VirtualUser::ChatEndUs(Micros chat_start_us) const {
  return chat_start_us + SecondsToMicros(match().chat_s);
}

// One side of each pair ends the chat: the one with the smaller hash of its session id as of
// the match (a resumed user has a new session, its partner still knows the old one), or, for
// servers that do not name the partner, the smaller user index (learned from the partner's
// stamps). Knowing neither, both wait to be told and end the chat on the partner-left timeout.
bool VirtualUser::IsLeaver() const {
  if (chat_.partner_key != 0) return chat_.self_key < chat_.partner_key;
  return partner_index_ >= 0 && index_ < partner_index_;
}

void VirtualUser::LeaveDue() {
  if (state_ != State::kChatting) return;
  if (!IsLeaver()) {
    At(NowMicros() + kPartnerLeftWaitUs, kPartnerLeftTimeout);  // the partner leaves
    return;
  }
  thread_->recorder().Add(Counter::kChatsEnded);
  if (thread_->dialect().LeavesByClosing()) {
    EndMatch();
    CloseNow();  // leaving is closing: this user's flow ends here
    return;
  }
  Send(Action::kLeave);
  if (!thread_->dialect().Announces(EventKind::kLeft)) return AfterChat();
  state_ = State::kLeaving;
  At(NowMicros() + kLeaveAckWaitUs, kLeftTimeout);
}

void VirtualUser::NotePacedSend(Micros intended_us, Micros sent_us) {
  Recorder& recorder = thread_->recorder();
  recorder.Record(Latency::kSendLateness, sent_us - intended_us);
  recorder.Add(Counter::kPacedSends);
  if (sent_us - intended_us > kLateSendUs) recorder.Add(Counter::kLateSends);
}

void VirtualUser::EndMatch() {
  if (!in_match_) return;
  in_match_ = false;
  thread_->shared().pair_join.Deposit(std::move(chat_));
}

void VirtualUser::HandOverOpenMatch() { EndMatch(); }

void VirtualUser::AfterChat() {
  EndMatch();
  const Micros next_find_us = NowMicros() + SecondsToMicros(match().rematch_pause_s);
  if (match().rematch_for_s > 0 && next_find_us < thread_->times().RematchEndUs()) {
    state_ = State::kReady;
    NewEpoch();  // drops the pending chat timers
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
