#pragma once
// One virtual user: a state machine driven by its connection's events and its timers.
//
//   connect ──open──▶ [saturate] hold ─────────────────────────────────────────▶ close
//                     (with a connection lifetime: close, connect again, until the hold ends)
//                     [matching] welcome ─▶ identify ─▶ ready ─find_match─▶ queued
//   queued ─match_found─▶ accept ─chat_started─▶ chatting (typing + stamped message
//   per interval until chat_s) ─▶ the pair's "leaver" (smaller session id, or smaller user
//   index where the server does not name partners) sends leave after drain_s; the other
//   waits to be told its partner left ─▶ re-match or close.
//   Signaling instead of chatting: the caller (the smaller session id; both sides where the
//   server names no partner) sends an offer and its ICE candidates each interval, and the
//   callee answers each offer at once with an answer and its own candidates.
//   Call burst: agents identify, register and wait for calls, answering each as told (by the
//   visitor's number) after a delay; each visitor connects at its arrival time, identifies,
//   requests one call and closes when it is answered, times out or is given up.
//   Reconnect storm: chat, except that some users drop their connection mid-chat (no close
//   handshake), come back after a delay and resume the match with its token; the history
//   the server restores is checked and the partner's messages missed meanwhile recovered.
//   A match timeout, a failed connect or a dropped connection ends the flow early.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client.h"
#include "http_mix_schedule.h"
#include "pair_analysis.h"
#include "scheduler.h"
#include "swarmgate/dialect.h"

namespace swarmgate {

class SwarmThread;

class VirtualUser final : public ClientSink, public TimerClient {
 public:
  VirtualUser(SwarmThread* thread, int index);

  void Start();    // schedules the connect at this user's place in the ramp
  void Connect();  // called by the thread when a handshake slot is free

  // Hands a match still open when the swarm stopped to the pair join (after the threads end).
  void HandOverOpenMatch();

 private:
  enum class State {
    kIdle,
    kConnecting,
    kHolding,
    kAwaitWelcome,
    kIdentifying,
    kReady,
    kQueued,
    kMatched,
    kChatting,
    kLeaving,
    kRequesting,  // http_rate: sending its share of the schedule
    kOnDuty,      // call_burst agent: taking calls
    kCalling,     // call_burst visitor: waiting for the answer to its call
    kAway,        // reconnect_storm: dropped on purpose, coming back
    kResuming,    // reconnect_storm: reconnected, resume sent
    kClosing,
    kDone
  };
  enum Tag : std::uint64_t {
    kConnectTime,
    kHoldEnd,
    kFindMatch,
    kMatchTimeout,
    kTyping,
    kMessage,
    kLeave,
    kPartnerLeftTimeout,
    kLeftTimeout,
    kStepTimeout,
    kHeartbeat,
    kRequest,
    kSignalRound,
    kAnswerCall,  // an agent's earliest pending answer is due
    kCallWait,    // a visitor's call has waited call_wait_s
    kDrop         // reconnect_storm: this user drops its connection
  };

  void OnOpen() override;
  void OnFrame(std::string* payload) override;
  void OnFail(ConnectError error, std::string_view reason) override;
  void OnClosed(std::string_view reason) override;
  void OnHttpResponse(int status, Micros elapsed_us, bool polled, std::string_view what) override;
  void OnTimer(std::uint64_t token) override;

  void HandleMessage(std::string* payload);  // one message of the dialect
  // Encodes the action with what this user knows (its name, session, match, partner).
  // Encodes the action with the action's own values in args (text, stamp, ...) and what this
  // user knows (its name, session, match, partner) and sends it.
  void Send(Action action, ActionArgs args = {});
  // ... into the thread's frame buffer, without sending it.
  void Encode(Action action, ActionArgs args = {});
  void Welcomed(std::string_view session_id);  // then identify, if the server has that step
  void Ready();                                // then find_match, now or in the match window
  void SendFindMatch();
  void StartChat();
  bool IsLeaver() const;
  bool IsCaller() const;
  void NotePacedSend(Micros intended_us, Micros sent_us);
  void SendTyping();
  void SendMessage();
  void SignalRound();  // the caller's offer and candidates, on the interval's schedule
  // An offer or answer of payload_bytes, then ice_candidates candidates, all stamped with
  // intended_us.
  void SendSignals(std::string_view kind, Micros intended_us);
  void OnSignal(const Event& event, Micros now);
  bool IsAgent() const;      // call_burst: users [0, agents) take the calls
  Micros ArrivalUs() const;  // call_burst visitor: when it arrives (connects)
  void GoOnDuty();
  void RequestCall();
  void OnIncomingCall(const Event& event, Micros now);
  void SendDueAnswers();
  void OnCallEnded(const Event& event, Micros now);  // answered or timed out
  void Drop();
  void OnResumed(const Event& event, Micros now);
  void ResumeFailed();
  void ScheduleChatTimers(Micros now);  // the next typing + message, and the leave
  void AfterChat();
  void CloseNow();
  void Finish();
  void ProtocolError(std::string_view what, std::string_view frame);
  void At(Micros due_us, Tag tag);
  Micros HoldEndUs() const;  // saturate: when every connection closes for good
  void ScheduleHeartbeat(Micros now);
  // http_rate: this user sends requests index, index + users, ... of the swarm's schedule.
  std::int64_t PlannedRequests() const;
  Micros IntendedRequestUs(std::int64_t request) const;
  void SendRequest();
  bool RequestsDone() const;  // http_rate, http_mix: nothing more to send
  ChatRecord* current_chat() { return in_match_ ? &chat_ : nullptr; }
  void EndMatch();  // hands the match's record to the pair join

  SwarmThread* thread_;
  const int index_;
  State state_ = State::kIdle;
  std::uint64_t epoch_ = 0;              // bumps with each match attempt; stale timers are ignored
  std::uint64_t connection_number_ = 0;  // bumps with each open; stale heartbeats are ignored
  bool closing_ = false;
  bool in_match_ = false;
  std::int64_t partner_index_ = -1;  // from the partner's stamps; -1: none received yet
  bool next_body_polled_ = false;    // HTTP: the next frame answers the poll (a batch)
  bool polling_ = false;             // HTTP: this connection's poll has started
  Client::Connection connection_;
  std::string session_id_;
  std::string partner_id_;
  std::string match_id_;
  Micros connect_started_us_ = 0;
  Micros find_sent_us_ = 0;
  Micros chat_end_us_ = 0;
  Micros next_typing_us_ = 0;  // intended time of the next typing indicator
  std::uint32_t next_sequence_ = 0;
  Micros next_round_us_ = 0;  // signaling: intended time of the caller's next offer
  std::uint32_t next_signal_sequence_ = 0;
  ChatRecord chat_;                        // the current match, from match notice to its end
  std::int64_t next_request_ = 0;          // http_rate: the schedule's request number
  std::deque<Micros> requests_in_flight_;  // http_rate: their intended times, oldest first
  std::string call_id_;                    // call_burst visitor: its call (a stamp)
  std::string resume_token_;               // from the match notice
  bool resuming_ = false;                  // reconnect_storm: this connection resumes
  bool dropped_ = false;                   // reconnect_storm: one drop per user
  std::uint32_t sent_before_drop_ = 0;     // reconnect_storm: messages sent before it
  Micros reconnect_due_us_ = 0;            // reconnect_storm: the intended reconnect time
  // call_burst agent: answers to send, by due time: call id and whether to accept.
  std::unique_ptr<HttpMixSchedule> mix_;  // http_mix: this user's schedule
  using PendingAnswers = std::multimap<Micros, std::pair<std::string, bool>>;
  std::unique_ptr<PendingAnswers> pending_answers_;
};

}  // namespace swarmgate
