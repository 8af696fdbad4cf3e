#pragma once
// One virtual user: the session core every flow shares (connect, welcome, identify, match,
// accept, leave, heartbeat, protocol errors), driven by its connection's events and its
// timers. Each flow is a class derived from it in flows/ that fills in the hooks below; the
// flow's entry in flows/flow.h makes a row's users (FlowTraits::make_user).
//
//   Start ─(ConnectUs)─▶ connect ──open──▶ Opened ─▶ await welcome ─▶ Welcomed ─▶ identify
//   ─▶ Ready ─▶ the match, as the server makes them (dialect.h, Matchmaking):
//        requested: find_match (now, or at the user's place in the match window) ─▶ queued
//        implicit:  queued since the connection opened
//        swarm:     users 2k and 2k + 1 (on the same thread) pair up once both are ready
//   ─match notice─▶ accept ─chat_started─▶ chatting: ChatStarted until ChatEndUs, then after
//   drain_s the pair's "leaver" (the smaller user index, or session id, as the pair can tell)
//   sends leave, the other waits to be told its partner left ─▶ re-match (until
//   rematch_for_s) or close.
//   Flows that match nobody take over at Opened (saturate, http) or Ready (call_burst).
//   A match timeout, a failed connect or a dropped connection ends the flow early.
//   Values the server sends (session, match and partner ids, resume token) are taken from
//   whichever event brings them; an action that needs one not yet brought waits for it (10 s
//   at most, then a protocol error naming it).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "client.h"
#include "pair_analysis.h"
#include "pending_sends.h"
#include "scheduler.h"
#include "swarmgate/dialect.h"

namespace swarmgate {

class SwarmThread;
struct MatchParams;

class VirtualUser : public ClientSink, public TimerClient {
 public:
  VirtualUser(SwarmThread* thread, int index);
  virtual ~VirtualUser();

  // Counts what the user plans to do (http) and schedules its first connect.
  virtual void Start();
  // Called by the thread when a handshake slot is free.
  void Connect();
  // Hands a match still open when the swarm stopped to the pair join (after the threads end).
  void HandOverOpenMatch();
  int index() const { return index_; }

 protected:
  enum class State {
    kIdle,
    kConnecting,
    kHolding,  // the connection is held; events are not for the flow (transport replies only)
    kAwaitWelcome,
    kIdentifying,
    kReady,
    kQueued,
    kMatched,
    kChatting,
    kLeaving,
    kFlow,  // in a phase of the flow's own (requesting, on duty, calling, away, resuming)
    kClosing,
    kDone
  };
  // Timer tags: the core's below, a flow's from kFirstFlowTag up (at most 255).
  using Tag = std::uint8_t;
  enum CoreTag : Tag {
    kConnectTime,
    kFindMatch,
    kMatchTimeout,
    kLeave,
    kPartnerLeftTimeout,
    kLeftTimeout,
    kStepTimeout,
    kHeartbeat,
    kValueTimeout,
    kFirstFlowTag = 16
  };

  // --- Hooks for flows. ---
  // The first connect is due (default: ask the thread for a handshake slot).
  virtual void ConnectDue();
  // A connection opened and its connect time was recorded. Default: the session's welcome
  // (or Welcomed at once where the server says nothing first).
  virtual void Opened(Micros now);
  // The server welcomed the connection. Default: identify where the server has that step,
  // then Identified.
  virtual void Welcomed(std::string_view session_id);
  // Identified, and (over HTTP) polling. Default: find_match, now or at the user's place in
  // the match window.
  virtual void Ready();
  // Both sides accepted; the chat lasts until ChatEndUs. Default: nothing is sent.
  virtual void ChatStarted(Micros now);
  virtual Micros ChatEndUs(Micros chat_start_us) const;
  // An event the core does not handle (message, typing, signal, calls, resumed), or an error
  // event after the core counted it. Default: the flow expects none of them (a protocol
  // error; an error event is left at being counted).
  virtual void OnFlowEvent(const Event& event, Micros now);
  // A timer of the flow's own, scheduled with At() in the current match attempt.
  virtual void OnFlowTimer(Tag tag);
  // The connection closed. True when the flow comes back with a new connection (it has
  // called ReconnectAt); false to count a close it did not ask for and end the flow.
  virtual bool ComesBack();

  // --- What flows use. ---
  // Encodes the action with the action's own values in args (text, stamp, ...) and what this
  // user knows (its name, session, match, partner) and sends it.
  void Send(Action action, ActionArgs args = {});
  // ... into the thread's frame buffer, without sending it.
  void Encode(Action action, ActionArgs args = {});
  // Calls OnTimer with tag at due_us; dropped if a new match attempt (epoch) begins first.
  void At(Micros due_us, Tag tag);
  // Starts a new match attempt: the timers of the current one are dropped.
  void NewEpoch() { ++epoch_; }
  void NotePacedSend(Micros intended_us, Micros sent_us);
  void ProtocolError(std::string_view what, std::string_view frame);
  // Counts one HTTP answer (status 0: none) and notes a failed one.
  void NoteHttpAnswer(int status, std::string_view what);
  // The partner's user index, from its stamps (servers that do not name partners).
  void NotePartner(std::uint32_t partner_index) { partner_index_ = partner_index; }
  std::int64_t partner_index() const { return partner_index_; }
  bool IsLeaver() const;
  ChatRecord* current_chat() { return in_match_ ? &chat_ : nullptr; }
  void EndMatch();   // hands the match's record to the pair join
  void AfterChat();  // re-match or close
  // Back in the chat after a break (a resumed match): chatting again, and the leave re-armed
  // (NewEpoch dropped it).
  void ContinueChat();
  void CloseNow();  // ends the connection politely; the flow ends when it is closed
  void Finish();    // the flow is over
  // Lets the closed connection go and opens a new one at due_us (a flow that comes back).
  void ReconnectAt(Micros due_us);
  void AbortConnection();  // drops it as a failing network would (no close handshake)
  const MatchParams& match() const;
  Micros chat_end_us() const { return chat_end_us_; }
  const Client::Connection& connection() const { return connection_; }

  SwarmThread* thread_;
  const int index_;
  State state_ = State::kIdle;
  bool closing_ = false;
  std::string session_id_;
  std::string partner_id_;
  std::string match_id_;
  std::string resume_token_;
  ChatRecord chat_;  // the current match, from match notice to its end

  // ClientSink: an HTTP flow that reads answers itself overrides these two.
  void OnFrame(std::string* payload) override;
  void OnHttpResponse(int status, Micros elapsed_us, bool polled, std::string_view what) override;

 private:
  void OnOpen() override;
  void OnFail(ConnectError error, std::string_view reason) override;
  void OnClosed(std::string_view reason) override;
  void OnTimer(std::uint64_t token) override;

  void HandleMessage(std::string* payload);  // one message of the dialect
  // The session's values an event brings (session, match and partner ids, resume token).
  void TakeValues(const Event& event);
  // The session is known: ready (over HTTP the poll starts), then Ready.
  void Identified();
  // Waiting for a match from now on (find_match sent, or queued by the server).
  void AwaitMatch(Micros now);
  void OnMatched(const Event& event, Micros now);
  // Swarm matchmaking: pairs with user index ^ 1 once both are ready.
  void PairInSwarm(Micros now);
  void SwarmMatched(VirtualUser* partner, const std::string& match_id, Micros now);
  // Asks for a match: find_match, or (swarm) pairs up.
  void QueueForMatch();
  void BeginMatch();  // a match record for the current match
  void BeginChat(Micros now);
  void LeaveDue();
  void SendFindMatch();
  void ScheduleHeartbeat(Micros now);
  // Fills in what this user knows: its name, session, match, partner.
  void Complete(ActionArgs* args);
  void SendPending();

  std::uint64_t epoch_ = 0;              // bumps with each match attempt; stale timers are ignored
  std::uint64_t connection_number_ = 0;  // bumps with each open; stale heartbeats are ignored
  bool in_match_ = false;
  bool awaiting_match_ = false;            // queued: a match notice is welcome
  bool rematch_by_reconnect_ = false;      // implicit matchmaking: a new connection queues again
  std::uint32_t chats_ = 0;                // chats begun, to name swarm matches apart
  std::unique_ptr<PendingSends> pending_;  // actions waiting for a value
  std::int64_t partner_index_ = -1;        // from the partner's stamps; -1: none received yet
  bool next_body_polled_ = false;          // HTTP: the next frame answers the poll (a batch)
  bool polling_ = false;                   // HTTP: this connection's poll has started
  Client::Connection connection_;
  Micros connect_started_us_ = 0;
  Micros find_sent_us_ = 0;
  Micros chat_end_us_ = 0;
};

}  // namespace swarmgate
