#pragma once
// The parameters of each flow, one block per flow (the parameters every row has are in
// load_spec.h). Each block checks itself (Validate) and lists its fields (Fields), so that
// reports, and anything else that shows or reads a row, need no hand-kept copy of them:
//   Fields(block, field) calls field(name, value, unit, help) for every parameter, in order;
//   value is a (const) reference to double, int, std::vector<std::string> or
//   std::vector<HttpUserType>. A block used inside another (ChatParams inside
//   ReconnectStormParams) lists its own fields there.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace swarmgate {

// Every problem found, one line each; a block adds its own, prefixed by the caller.
using Problems = std::vector<std::string>;

// How strangers are paired and how long a pair stays together: the session's matching cycle,
// shared by every flow that matches users.
struct MatchParams {
  double match_window_s = 0;    // > 0: everybody connects first, then user i of n sends
                                // find_match at ramp + window * i / n; 0: once identified
  double match_timeout_s = 10;  // find_match -> chat started, else a match timeout
  double chat_s = 0;            // how long each chat lasts (each side sends meanwhile)
  double drain_s = 1;           // wait after the chat's last send before leaving
  double rematch_for_s = 0;     // > 0: after each chat, match again until ramp + this
  double rematch_pause_s = 1;   // think time between a chat's end and the next find_match
  // What users ask to be matched on: user i of the row takes interests[i % n] as its
  // {user.interest} (profiles.md); empty: the profile's own per_user "interest", if any.
  std::vector<std::string> interests;

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    field("match_window_s", p.match_window_s, "s",
          "find_match sent over this window once all are connected (0: at once)");
    field("match_timeout_s", p.match_timeout_s, "s", "find_match to chat start, else a timeout");
    field("chat_s", p.chat_s, "s", "how long each chat lasts");
    field("drain_s", p.drain_s, "s", "wait after the last send before leaving");
    field("rematch_for_s", p.rematch_for_s, "s", "match again after each chat until this late");
    field("rematch_pause_s", p.rematch_pause_s, "s", "think time before matching again");
    field("interests", p.interests, "",
          "user i asks to be matched on interest i mod n (the profile's {user.interest})");
  }
  void Validate(Problems* problems) const;
};

// saturate: connect on the ramp, hold the connection idle, close.
struct SaturateParams {
  double hold_s = 0;  // how long connections are held (hold_from says from when)
  // "ramp-end": every connection is held until ramp + hold, and they close together;
  // "open": each is held for hold from the moment it opened ("5,000 at 500/s, each 30 s").
  std::string hold_from = "ramp-end";
  double connection_lifetime_s = 0;  // > 0: each connection closes after this long and its
                                     // user connects again, until its hold ends (churn)

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    field("hold_s", p.hold_s, "s", "how long connections are held (see hold_from)");
    field("hold_from", p.hold_from, "",
          "open: each held from its own opening; ramp-end: all until ramp + hold");
    field("connection_lifetime_s", p.connection_lifetime_s, "s",
          "each connection closes after this long and comes back (0: held to the end)");
  }
  void Validate(Problems* problems) const;
};

// matchmaking: the matching cycle alone; a pair holds its chat silently.
struct MatchmakingParams {
  MatchParams match;

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    MatchParams::Fields(p.match, field);
  }
  void Validate(Problems* problems) const;
};

// chat: matched pairs send a typing indicator and then a stamped message every interval.
struct ChatParams {
  MatchParams match;
  double message_interval_s = 1;  // one typing indicator + message per interval, each side
  double typing_lead_s = 0.1;     // the typing indicator goes this long before its message
  int payload_bytes = 128;        // message text size, stamp included
  bool typing = true;             // false: messages only (the typing gates do not apply)

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    MatchParams::Fields(p.match, field);
    MessageFields(p, field);
  }
  // The fields of what is sent (without the matching cycle's).
  template <typename Self, typename Field>
  static void MessageFields(Self& p, Field&& field) {
    field("message_interval_s", p.message_interval_s, "s",
          "a typing indicator and a message every interval, each side");
    field("typing_lead_s", p.typing_lead_s, "s", "the typing indicator goes this long before");
    field("payload_bytes", p.payload_bytes, "bytes", "message text size, stamp included");
    field("typing", p.typing, "", "send a typing indicator before each message");
  }
  void Validate(Problems* problems) const;
  void ValidateMessages(Problems* problems) const;
};

// signaling: in each matched pair the caller sends an offer and its ICE candidates every
// interval; the callee answers each offer at once with an answer and its own candidates.
struct SignalingParams {
  MatchParams match;
  double negotiation_interval_s = 1;  // one offer/answer exchange per interval
  int sdp_bytes = 2048;               // size of an offer's and an answer's SDP
  int ice_candidates = 8;             // candidates after each offer and each answer

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    MatchParams::Fields(p.match, field);
    field("negotiation_interval_s", p.negotiation_interval_s, "s",
          "one offer/answer exchange per interval");
    field("sdp_bytes", p.sdp_bytes, "bytes", "size of each offer's and answer's SDP");
    field("ice_candidates", p.ice_candidates, "candidates", "after each offer and answer");
  }
  void Validate(Problems* problems) const;
};

// call_burst: users [0, agents) are agents, connected over the ramp; every other user is a
// visitor, arriving one by one at call_rate_per_s from a second after the ramp and asking for
// one call. Agents accept or reject a share of the calls after a delay in [min, max] and let
// the rest ring; which call gets what follows from the visitor's number, so the visitor
// knows too.
struct CallBurstParams {
  int agents = 0;
  double call_rate_per_s = 0;
  double accept_share = 0.7;
  double reject_share = 0.2;
  double answer_delay_min_s = 0.2;
  double answer_delay_max_s = 1;
  double call_wait_s = 10;  // a visitor told nothing this long after arriving: the call is lost

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    field("agents", p.agents, "users", "users taking calls; the other users are visitors");
    field("call_rate_per_s", p.call_rate_per_s, "per_s", "visitors arriving per second");
    field("accept_share", p.accept_share, "share", "calls accepted");
    field("reject_share", p.reject_share, "share", "calls rejected (the rest ring out)");
    field("answer_delay_min_s", p.answer_delay_min_s, "s", "shortest think time of an agent");
    field("answer_delay_max_s", p.answer_delay_max_s, "s", "longest think time of an agent");
    field("call_wait_s", p.call_wait_s, "s", "a call with no outcome this long is lost");
  }
  void Validate(Problems* problems, int users) const;
};

// reconnect_storm: chat, while the users whose share of the index sequence falls below
// drop_share drop their connection (no close handshake) at ramp + drop_after_s +
// [0, drop_window_s] and reconnect after [0, return_delay_max_s] to resume their match.
struct ReconnectStormParams {
  ChatParams chat;
  double drop_share = 0;
  double drop_after_s = 0;
  double drop_window_s = 0;
  double return_delay_max_s = 0;

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    ChatParams::Fields(p.chat, field);
    field("drop_share", p.drop_share, "share", "users that drop their connection mid-chat");
    field("drop_after_s", p.drop_after_s, "s", "drops start this long after the ramp");
    field("drop_window_s", p.drop_window_s, "s", "drops spread over this window");
    field("return_delay_max_s", p.return_delay_max_s, "s", "each comes back within this");
  }
  void Validate(Problems* problems, double connect_ramp_s) const;
};

// breaking_point: chatting users added in steps: step k's users connect over the ramp from
// k * step_s and chat until every step has had its step_s. A step holds while its window's
// message_latency p95 stays under step_latency_bound_ms and its errors under step_error_rate
// of the users; the capacity is the last step that held. The row's users are the cap.
struct BreakingPointParams {
  ChatParams chat;  // what each user sends; its chats end with the last step (no chat_s)
  int step_users = 0;
  double step_s = 0;
  double step_latency_bound_ms = 100;
  double step_error_rate = 0.01;
  int capacity_floor_users = 0;   // the capacity found must be at least this
  int expect_capacity_users = 0;  // self-tests: ... and exactly this

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    field("match_timeout_s", p.chat.match.match_timeout_s, "s",
          "find_match to chat start, else a timeout");
    field("drain_s", p.chat.match.drain_s, "s", "wait after the last send before leaving");
    ChatParams::MessageFields(p.chat, field);
    field("step_users", p.step_users, "users", "users added by each step");
    field("step_s", p.step_s, "s", "how long each step runs (one report window)");
    field("step_latency_bound_ms", p.step_latency_bound_ms, "ms",
          "a step holds while its message_latency p95 stays under this");
    field("step_error_rate", p.step_error_rate, "share",
          "... and its errors under this share of the users");
    field("capacity_floor_users", p.capacity_floor_users, "users",
          "the capacity found must be at least this");
    field("expect_capacity_users", p.expect_capacity_users, "users",
          "self-tests: the capacity must be exactly this (0: any)");
  }
  void Validate(Problems* problems, int users, double connect_ramp_s) const;
};

// http_mix: one kind of user (Locust-style user classes): bursts of burst_min to burst_max
// GETs burst_gap_s apart, then a think time in [think_min_s, think_max_s].
struct HttpUserType {
  std::string name;
  double weight = 1;
  double think_min_s = 1;
  double think_max_s = 3;
  int burst_min = 1;
  int burst_max = 1;
  double burst_gap_s = 0.1;
};

// http_rate: GETs at a constant rate for the whole swarm (an open model: request i is due at
// ramp + i / rate), over the row's users as keep-alive connections.
struct HttpRateParams {
  double request_rate_per_s = 0;
  double hold_s = 0;               // requests are sent for this long after the ramp
  std::vector<std::string> paths;  // GET these in turn

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    field("request_rate_per_s", p.request_rate_per_s, "per_s", "requests per second, all users");
    field("hold_s", p.hold_s, "s", "requests are sent for this long after the ramp");
    field("paths", p.paths, "", "GET these in turn");
  }
  void Validate(Problems* problems) const;
};

// http_mix: users of weighted types, each on its own schedule of bursts and think times.
struct HttpMixParams {
  std::vector<HttpUserType> user_types;  // users take a type in proportion to its weight
  double hold_s = 0;                     // requests are sent for this long after the ramp
  std::vector<std::string> paths;        // GET these in turn

  template <typename Self, typename Field>
  static void Fields(Self& p, Field&& field) {
    field("user_types", p.user_types, "", "weighted kinds of user, each with its own schedule");
    field("hold_s", p.hold_s, "s", "requests are sent for this long after the ramp");
    field("paths", p.paths, "", "GET these in turn");
  }
  void Validate(Problems* problems) const;
};

// The flows, in the order of FlowParams' alternatives.
enum class Flow {
  kSaturate,
  kMatchmaking,
  kChat,
  kSignaling,
  kCallBurst,
  kReconnectStorm,
  kBreakingPoint,
  kHttpRate,
  kHttpMix,
};

using FlowParams =
    std::variant<SaturateParams, MatchmakingParams, ChatParams, SignalingParams, CallBurstParams,
                 ReconnectStormParams, BreakingPointParams, HttpRateParams, HttpMixParams>;

// "saturate", "matchmaking", ..., as reports and test names spell them.
std::string_view NameOf(Flow flow);

// The matching cycle of a flow's parameters; null for flows that match nobody.
const MatchParams* MatchPartOf(const FlowParams& params);
MatchParams* MatchPartOf(FlowParams& params);
// What chatting users send, for the flows that chat; null for the others.
const ChatParams* ChatPartOf(const FlowParams& params);
ChatParams* ChatPartOf(FlowParams& params);

}  // namespace swarmgate
