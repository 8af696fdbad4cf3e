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
//   A match timeout, a failed connect or a dropped connection ends the flow early.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "client.h"
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
    kRequest
  };

  void OnOpen() override;
  void OnFrame(std::string* payload) override;
  void OnFail(ConnectError error, std::string_view reason) override;
  void OnClosed(std::string_view reason) override;
  void OnHttpResponse(int status, Micros elapsed_us, bool polled, std::string_view what) override;
  void OnTimer(std::uint64_t token) override;

  void HandleMessage(std::string* payload);  // one message of the dialect
  // Encodes the action with what this user knows (its name, session, match, partner).
  void Send(Action action, std::string_view text = {}, std::string_view stamp = {});
  // ... into the thread's frame buffer, without sending it.
  void Encode(Action action, std::string_view text = {}, std::string_view stamp = {});
  void Welcomed(std::string_view session_id);  // then identify, if the server has that step
  void Ready();                                // then find_match, now or in the match window
  void SendFindMatch();
  void StartChat();
  bool IsLeaver() const;
  void NotePacedSend(Micros intended_us, Micros sent_us);
  void SendTyping();
  void SendMessage();
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
  ChatRecord chat_;                        // the current match, from match notice to its end
  std::int64_t next_request_ = 0;          // http_rate: the schedule's request number
  std::deque<Micros> requests_in_flight_;  // http_rate: their intended times, oldest first
};

}  // namespace swarmgate
