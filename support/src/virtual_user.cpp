#include "virtual_user.h"

#include <algorithm>

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

// Spreads users over [0, 1) evenly but not in index order (golden-ratio sequence), so that
// neighbours in the ramp do not send in lockstep.
double SpreadOf(int index) {
  const double x = index * 0.6180339887498949;
  return x - static_cast<long long>(x);
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
  const double offset_s = spec.connect_ramp_s * index_ / spec.users;
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
  const Micros intended_us = IntendedRequestUs(next_request_);
  NotePacedSend(intended_us, NowMicros());
  requests_in_flight_.push_back(intended_us);
  std::string& request = thread_->frame_buffer();
  request = "GET ";
  request +=
      spec.request_paths[static_cast<std::size_t>(next_request_) % spec.request_paths.size()];
  request += '\n';
  thread_->client().Send(connection_, request);
  next_request_ += spec.users;
  if (next_request_ < PlannedRequests()) At(IntendedRequestUs(next_request_), kRequest);
}

Micros VirtualUser::HoldEndUs() const {
  const LoadSpec& spec = thread_->spec();
  return thread_->shared().start_us + SecondsToMicros(spec.connect_ramp_s + spec.hold_s);
}

void VirtualUser::OnTimer(std::uint64_t token) {
  const auto tag = static_cast<Tag>(token & 0xff);
  if (tag == kConnectTime) {
    thread_->RequestConnect(this);
    return;
  }
  if (tag == kRequest) {
    if (state_ == State::kRequesting) SendRequest();
    return;
  }
  if (tag == kHoldEnd) {
    if (state_ == State::kHolding) CloseNow();
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
      if (state_ == State::kAwaitWelcome || state_ == State::kIdentifying) {
        ProtocolError(state_ == State::kAwaitWelcome ? "no welcome within 10 s of opening"
                                                     : "no answer to identify within 10 s",
                      {});
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
  if (thread_->spec().flow == Flow::kHttpRate && !requests_in_flight_.empty()) {
    // From the intended time: a server that falls behind the schedule shows in the figure.
    if (status > 0)
      recorder.Record(Latency::kHttpLatency, NowMicros() - requests_in_flight_.front());
    requests_in_flight_.pop_front();
    if (requests_in_flight_.empty() && next_request_ >= PlannedRequests()) CloseNow();
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
  if (thread_->spec().flow == Flow::kHttpRate) return;  // the answer's time is what counts
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
      chat->NoteReceived(stamp.sequence, &recorder);
      break;
    }
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
      break;
    case EventKind::kTransport:
    case EventKind::kResumed:
    case EventKind::kPong:
    case EventKind::kUnknown:
      break;
  }
}

void VirtualUser::Welcomed(std::string_view session_id) {
  session_id_ = std::string(session_id);
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
  if (spec.match_window_s > 0) {
    const double at_s = spec.connect_ramp_s + spec.match_window_s * index_ / spec.users;
    At(thread_->shared().start_us + SecondsToMicros(at_s), kFindMatch);
  } else {
    SendFindMatch();
  }
}

void VirtualUser::Send(Action action, std::string_view text, std::string_view stamp) {
  Encode(action, text, stamp);
  thread_->client().Send(connection_, thread_->frame_buffer());
}

void VirtualUser::Encode(Action action, std::string_view text, std::string_view stamp) {
  const std::string user_name = "swarmgate-" + std::to_string(index_);
  ActionArgs args;
  args.user_name = user_name;
  args.user_index = index_;
  args.session_id = session_id_;
  args.match_id = match_id_;
  args.partner_id = partner_id_;
  args.text = text;
  args.stamp = stamp;
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
  next_sequence_ = 0;
  if (spec.flow == Flow::kChat) {
    // A per-user phase within the interval keeps the swarm's sends spread out in time.
    next_typing_us_ = now + SecondsToMicros(spec.message_interval_s * SpreadOf(index_));
    if (next_typing_us_ < chat_end_us_) At(next_typing_us_, kTyping);
  }
  const Micros leave_us = chat_end_us_ + SecondsToMicros(spec.drain_s);
  At(leave_us, kLeave);
}

// One side of each pair ends the chat: the one with the smaller session id, or, for servers
// that do not name the partner, the smaller user index (learned from the partner's stamps).
// Knowing neither, both wait to be told and end the chat on the partner-left timeout.
bool VirtualUser::IsLeaver() const {
  if (!partner_id_.empty()) return session_id_ < partner_id_;
  return partner_index_ >= 0 && index_ < partner_index_;
}

void VirtualUser::NotePacedSend(Micros intended_us, Micros sent_us) {
  Recorder& recorder = thread_->recorder();
  recorder.Record(Latency::kSendLateness, sent_us - intended_us);
  recorder.Add(Counter::kPacedSends);
  if (sent_us - intended_us > kLateSendUs) recorder.Add(Counter::kLateSends);
}

void VirtualUser::SendTyping() {
  ChatRecord& chat = chat_;
  NotePacedSend(next_typing_us_, NowMicros());
  Send(Action::kTyping);
  chat.typing_sent_us.push_back(next_typing_us_);
  thread_->recorder().Add(Counter::kTypingSent);
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
  if (thread_->dialect().StampInOwnField()) {
    const std::string_view all = text;
    Send(Action::kMessage, all.substr(stamp_length), all.substr(0, stamp_length));
  } else {
    Send(Action::kMessage, text);
  }
  ++chat_.messages_sent;
  thread_->recorder().Add(Counter::kMessagesSent);
  next_typing_us_ += SecondsToMicros(spec.message_interval_s);
  if (next_typing_us_ < chat_end_us_) At(next_typing_us_, kTyping);
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
