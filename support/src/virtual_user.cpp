#include "virtual_user.h"

#include <algorithm>

#include "intended_times.h"
#include "printable.h"
#include "swarm_thread.h"

namespace swarmgate {
namespace {

constexpr Micros kPartnerLeftWaitUs = 10 * kMicrosPerSecond;
constexpr Micros kLeaveAckWaitUs = 5 * kMicrosPerSecond;
// A paced send this much after its intended time counts as late (the generator fell behind).
constexpr Micros kLateSendUs = 10 * kMicrosPerMilli;
// How long the welcome and the identify acknowledgement may take before the server is taken
// not to speak the dialect; and how long an action waits for a value the server sends.
constexpr Micros kStepWaitUs = 10 * kMicrosPerSecond;
// How much of a frame a protocol error's sample shows.
constexpr std::size_t kSampleBytes = 160;

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
  // A profile may give each user a path and headers of its own (an id in the query).
  ActionArgs args;
  Complete(&args);
  std::string& resource = thread_->text_buffer();
  std::string& headers = thread_->frame_buffer();
  if (thread_->dialect().EncodeConnection(args, &resource, &headers)) {
    connection_ = thread_->client().Connect(this, &error, resource, headers);
  } else {
    connection_ = thread_->client().Connect(this, &error);
  }
  if (!connection_) OnFail(ConnectError::kConnect, error);
}

void VirtualUser::OnOpen() {
  thread_->HandshakeDone();
  thread_->ConnectionOpened();
  const Micros now = thread_->client().received_us();
  thread_->NoteOpened(now);
  thread_->recorder().Record(Latency::kConnectTime, now - connect_started_us_);
  ++connection_number_;  // a heartbeat chain belongs to one connection
  polling_ = false;
  ScheduleHeartbeat(now);
  Opened(now);
}

void VirtualUser::Opened(Micros now) {
  // A server that queues every connection: the wait for a match starts now.
  if (thread_->shared().match && !in_match_ &&
      thread_->dialect().matchmaking() == Matchmaking::kImplicit) {
    AwaitMatch(now);
  }
  if (thread_->dialect().Announces(EventKind::kWelcome)) {
    if (state_ != State::kMatched && state_ != State::kChatting) state_ = State::kAwaitWelcome;
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
  if (rematch_by_reconnect_) {
    rematch_by_reconnect_ = false;
    ReconnectAt(NowMicros() + SecondsToMicros(match().rematch_pause_s));
    return;
  }
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
  if (tag == kValueTimeout) {  // whatever the match: the wait began in this one or before
    if (!pending_ || pending_->empty() || state_ == State::kClosing || state_ == State::kDone) {
      return;
    }
    ActionArgs args = pending_->front_args();
    Complete(&args);
    const Action action = pending_->front_action();
    const std::string missing(thread_->dialect().MissingValue(action, args));
    pending_->Clear();
    ProtocolError(std::string(NameOf(action)) + " waited 10 s for {" + missing +
                      "}, which no event brought (which event of the profile captures \"" +
                      missing + "\"?)",
                  {});
    return;
  }
  if ((token >> 8) != epoch_) return;  // belongs to an earlier match attempt
  switch (tag) {
    case kConnectTime:
      ConnectDue();
      break;
    case kFindMatch:
      if (state_ == State::kReady) QueueForMatch();
      break;
    case kMatchTimeout:
      if (awaiting_match_ || state_ == State::kMatched) {
        thread_->recorder().Add(Counter::kMatchTimeouts);
        awaiting_match_ = false;
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
        ProtocolError(state_ == State::kAwaitWelcome
                          ? "no welcome within 10 s of opening (does /events/welcome name what "
                            "the server sends first?)"
                          : "no answer to identify within 10 s (does /events/identified name "
                            "the server's answer?)",
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
  // The bytes as received, for a sample: decoding may parse them in place.
  std::string& received = thread_->sample_buffer();
  received.assign(*payload, 0, std::min(payload->size(), kSampleBytes + 4));
  Event event;
  const bool decoded = thread_->dialect().Decode(payload, &event);
  if (!event.reply.empty()) thread_->client().Send(connection_, event.reply);
  if (event.join) Send(Action::kJoin);
  // An idle connection answers its transport (Socket.IO pings above); the rest is ignored.
  if (state_ == State::kHolding) return;
  if (!decoded) {
    ProtocolError(event.detail, received);
    return;
  }
  const Micros now = thread_->client().received_us();
  // A second match notice while matched is counted below, not taken for the match's values.
  const bool duplicate =
      event.kind == EventKind::kMatched &&
      (state_ == State::kMatched || state_ == State::kChatting || state_ == State::kLeaving);
  if (!duplicate) TakeValues(event);
  switch (event.kind) {
    case EventKind::kWelcome:
      if (state_ != State::kAwaitWelcome && !in_match_) {
        return ProtocolError("unexpected welcome", received);
      }
      Welcomed(event.session_id);
      break;
    case EventKind::kIdentified:
      if (state_ == State::kIdentifying) {
        Identified();
      } else if (!in_match_) {  // a server that matched before answering is no error
        return ProtocolError("unexpected identify ack", received);
      }
      break;
    case EventKind::kMatched:
      OnMatched(event, now);
      break;
    case EventKind::kChatStarted:
      if (state_ != State::kMatched) {
        return ProtocolError("chat started outside a match", received);
      }
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
      // The server's own words where the profile captures them, else what it sent.
      thread_->errors().Note(ErrorClass::kServer,
                             event.detail.empty() ? std::string_view(received) : event.detail);
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
    case EventKind::kValues:
    case EventKind::kTransport:
    case EventKind::kPong:
    case EventKind::kUnknown:
      break;
  }
}

void VirtualUser::TakeValues(const Event& event) {
  bool any = false;
  for (auto [from, to] :
       {std::pair{&Event::session_id, &session_id_}, std::pair{&Event::match_id, &match_id_},
        std::pair{&Event::partner_id, &partner_id_},
        std::pair{&Event::resume_token, &resume_token_}}) {
    if ((event.*from).empty() || event.*from == *to) continue;
    to->assign(event.*from);
    any = true;
  }
  if (any && pending_ && !pending_->empty()) SendPending();
}

void VirtualUser::OnFlowEvent(const Event& event, Micros) {
  if (event.kind == EventKind::kError) return;
  ProtocolError("unexpected " + std::string(NameOf(event.kind)) +
                    " event (this flow sends nothing that asks for one)",
                thread_->sample_buffer());
}

void VirtualUser::AwaitMatch(Micros now) {
  NewEpoch();
  awaiting_match_ = true;
  find_sent_us_ = now;
  // A new match: the values of the last one are gone (a new match brings its own).
  match_id_.clear();
  partner_id_.clear();
  resume_token_.clear();
  thread_->recorder().Add(Counter::kMatchAttempts);
  At(now + SecondsToMicros(match().match_timeout_s), kMatchTimeout);
}

void VirtualUser::OnMatched(const Event&, Micros now) {
  if (state_ == State::kMatched || state_ == State::kChatting || state_ == State::kLeaving) {
    thread_->recorder().Add(Counter::kDuplicateMatches);
    return;
  }
  if (!awaiting_match_) return ProtocolError("match outside the queue", thread_->sample_buffer());
  awaiting_match_ = false;
  thread_->recorder().Record(Latency::kPairingTime, now - find_sent_us_);
  BeginMatch();
  state_ = State::kMatched;
  if (thread_->dialect().Has(Action::kAccept)) Send(Action::kAccept);
  if (!thread_->dialect().Announces(EventKind::kChatStarted)) {
    thread_->recorder().Add(Counter::kMatchSuccess);  // the match notice starts the chat
    BeginChat(now);
  }
}

// The session's own identity as of the match: a resumed user has a new session, and its
// partner still knows the old one.
void VirtualUser::BeginMatch() {
  chat_ = ChatRecord();
  chat_.self_key = KeyOf(session_id_);
  in_match_ = true;
  ++chats_;
}

void VirtualUser::PairInSwarm(Micros now) {
  VirtualUser* partner = thread_->UserWithIndex(index_ ^ 1);
  if (!partner || !partner->awaiting_match_ || partner->state_ != State::kQueued) return;
  // Named after the pair and its round of chats, the same for both sides.
  const std::string match_id = "pair-" + std::to_string(std::min(index_, partner->index_)) + "." +
                               std::to_string(std::max(chats_, partner->chats_) + 1);
  partner->SwarmMatched(this, match_id, now);
  SwarmMatched(partner, match_id, now);
}

// The swarm's own match, unless the server named it; the partner by the id the server gave
// it, else by its user name.
void VirtualUser::SwarmMatched(VirtualUser* partner, const std::string& match_id, Micros now) {
  awaiting_match_ = false;
  BeginMatch();
  partner_index_ = partner->index_;
  if (match_id_.empty()) match_id_ = match_id;
  if (partner_id_.empty()) {
    partner_id_ =
        partner->session_id_.empty() ? thread_->UserName(partner->index_) : partner->session_id_;
  }
  thread_->recorder().Add(Counter::kMatchSuccess);
  BeginChat(now);
}

void VirtualUser::Welcomed(std::string_view session_id) {
  if (!session_id.empty() || session_id_.empty()) session_id_ = std::string(session_id);
  if (in_match_) return;  // matched as it connected; nothing more to say
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
  const Micros now = NowMicros();
  switch (thread_->dialect().matchmaking()) {
    case Matchmaking::kRequested:
      if (match().match_window_s > 0) return At(thread_->times().FindMatchUs(index_), kFindMatch);
      return SendFindMatch();
    case Matchmaking::kImplicit:  // queued since the connection opened
      if (!awaiting_match_) AwaitMatch(now);
      state_ = State::kQueued;
      return;
    case Matchmaking::kSwarm:
      return QueueForMatch();
  }
}

void VirtualUser::QueueForMatch() {
  if (thread_->dialect().matchmaking() != Matchmaking::kSwarm) return SendFindMatch();
  const Micros now = NowMicros();
  AwaitMatch(now);
  state_ = State::kQueued;
  PairInSwarm(now);
}

void VirtualUser::Complete(ActionArgs* args) {
  args->user_name = thread_->UserName(index_);
  args->user_index = index_;
  args->session_id = session_id_;
  args->match_id = match_id_;
  args->partner_id = partner_id_;
  args->resume_token = resume_token_;
  args->partner_index = static_cast<int>(partner_index_);
  if (partner_index_ >= 0) args->partner_name = thread_->PartnerName(partner_index_);
}

void VirtualUser::Send(Action action, ActionArgs args) {
  Complete(&args);
  if (!thread_->dialect().MissingValue(action, args).empty()) {
    // Wait for the value, in order with anything already waiting.
    if (!pending_) pending_ = std::make_unique<PendingSends>();
    if (pending_->empty()) At(NowMicros() + kStepWaitUs, kValueTimeout);
    pending_->Add(action, args);
    return;
  }
  if (pending_ && !pending_->empty()) {  // keep the order: behind those waiting
    pending_->Add(action, args);
    return;
  }
  thread_->dialect().Encode(action, args, &thread_->frame_buffer());
  thread_->client().Send(connection_, thread_->frame_buffer());
}

void VirtualUser::SendPending() {
  while (!pending_->empty()) {
    ActionArgs args = pending_->front_args();
    Complete(&args);
    const Action action = pending_->front_action();
    if (!thread_->dialect().MissingValue(action, args).empty()) return;
    thread_->dialect().Encode(action, args, &thread_->frame_buffer());
    thread_->client().Send(connection_, thread_->frame_buffer());
    pending_->Pop();
  }
}

void VirtualUser::Encode(Action action, ActionArgs args) {
  Complete(&args);
  thread_->dialect().Encode(action, args, &thread_->frame_buffer());
}

void VirtualUser::SendFindMatch() {
  const Micros now = NowMicros();
  AwaitMatch(now);
  state_ = State::kQueued;
  Send(Action::kFindMatch);
}

void VirtualUser::BeginChat(Micros now) {
  state_ = State::kChatting;
  partner_index_ = thread_->dialect().matchmaking() == Matchmaking::kSwarm ? partner_index_ : -1;
  chat_end_us_ = ChatEndUs(now);
  ChatStarted(now);
  At(chat_end_us_ + SecondsToMicros(match().drain_s), kLeave);
}

void VirtualUser::ChatStarted(Micros) {}

Micros VirtualUser::ChatEndUs(Micros chat_start_us) const {
  return chat_start_us + SecondsToMicros(match().chat_s);
}

void VirtualUser::ContinueChat() {
  state_ = State::kChatting;
  At(chat_end_us_ + SecondsToMicros(match().drain_s), kLeave);
}

// One side of each pair ends the chat: the smaller user index where the pair knows it (the
// swarm paired them, the server names partners by user name, or a stamp told), else the
// smaller hash of its session id as of the match (a resumed user has a new session, its
// partner still knows the old one). Knowing neither, both wait to be told and end the chat
// on the partner-left timeout.
bool VirtualUser::IsLeaver() const {
  if (const int partner = thread_->IndexOfUserName(partner_id_); partner >= 0) {
    return index_ < partner;
  }
  if (!partner_id_.empty()) return chat_.self_key < KeyOf(partner_id_);
  return partner_index_ >= 0 && index_ < partner_index_;
}

void VirtualUser::LeaveDue() {
  if (state_ != State::kChatting) return;
  const Dialect& dialect = thread_->dialect();
  if (!IsLeaver()) {
    // The partner leaves; where the server tells nobody, each side's chat just ends.
    if (!dialect.Announces(EventKind::kPartnerLeft)) return AfterChat();
    At(NowMicros() + kPartnerLeftWaitUs, kPartnerLeftTimeout);
    return;
  }
  thread_->recorder().Add(Counter::kChatsEnded);
  if (dialect.LeavesByClosing()) {
    EndMatch();
    CloseNow();  // leaving is closing: this user's flow ends here
    return;
  }
  if (!dialect.Has(Action::kLeave)) return AfterChat();  // the server has no leaving
  Send(Action::kLeave);
  if (!dialect.Announces(EventKind::kLeft)) return AfterChat();
  state_ = State::kLeaving;
  At(NowMicros() + kLeaveAckWaitUs, kLeftTimeout);
}

void VirtualUser::NotePacedSend(Micros intended_us, Micros sent_us) {
  Recorder& recorder = thread_->recorder();
  recorder.Record(Latency::kSendLateness, sent_us - intended_us);
  recorder.Add(Counter::kPacedSends);
  if (sent_us - intended_us > kLateSendUs) recorder.Add(Counter::kLateSends);
}

// The record's keys: the match, and each side by the name the pair knows it by (the user
// name where the server names partners by it, else the session id).
void VirtualUser::EndMatch() {
  if (!in_match_) return;
  in_match_ = false;
  chat_.match_key = KeyOf(match_id_);
  chat_.partner_key = partner_id_.empty() ? 0 : KeyOf(partner_id_);
  if (thread_->IndexOfUserName(partner_id_) >= 0) {
    chat_.self_key = KeyOf(thread_->UserName(index_));
  }
  thread_->shared().pair_join.Deposit(std::move(chat_));
}

void VirtualUser::HandOverOpenMatch() { EndMatch(); }

void VirtualUser::AfterChat() {
  EndMatch();
  const Micros next_find_us = NowMicros() + SecondsToMicros(match().rematch_pause_s);
  if (match().rematch_for_s <= 0 || next_find_us >= thread_->times().RematchEndUs()) {
    return CloseNow();
  }
  NewEpoch();  // drops the pending chat timers
  switch (thread_->dialect().matchmaking()) {
    case Matchmaking::kRequested:
      state_ = State::kReady;
      return At(next_find_us, kFindMatch);
    case Matchmaking::kImplicit:  // the server queues connections: a new one
      rematch_by_reconnect_ = true;
      return CloseNow();
    case Matchmaking::kSwarm:
      state_ = State::kReady;
      return At(next_find_us, kFindMatch);
  }
}

void VirtualUser::CloseNow() {
  closing_ = true;
  state_ = State::kClosing;
  if (const std::string_view farewell = thread_->dialect().Farewell(); !farewell.empty()) {
    thread_->client().Send(connection_, farewell);
  }
  thread_->client().Close(connection_);
}

void VirtualUser::Finish() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  EndMatch();  // a match timeout or a dropped connection ends the match too
  if (connection_) thread_->ReleaseLater(std::move(connection_));
  thread_->UserFinished();
}

// A frame's sample: the bytes as received, printable (printable.h).
void VirtualUser::ProtocolError(std::string_view what, std::string_view frame) {
  thread_->recorder().Add(Counter::kProtocolErrors);
  std::string sample(what);
  if (!frame.empty()) sample += ": " + Printable(frame, kSampleBytes);
  thread_->errors().Note(ErrorClass::kProtocol, sample);
}

}  // namespace swarmgate
