#include "swarmgate/flow_params.h"

#include <algorithm>
#include <type_traits>

namespace swarmgate {
namespace {

void Need(bool ok, const char* what, Problems* problems) {
  if (!ok) problems->emplace_back(what);
}

void ValidatePaths(const std::vector<std::string>& paths, Problems* problems) {
  for (const std::string& path : paths) {
    if (path.empty() || path[0] != '/' || path.find_first_of(" \r\n") != std::string::npos) {
      problems->push_back("request path \"" + path + "\" must start with / and hold no spaces");
    }
  }
}

template <typename T, typename = void>
struct HasMatch : std::false_type {};
template <typename T>
struct HasMatch<T, std::void_t<decltype(std::declval<T&>().match)>> : std::true_type {};
template <typename T, typename = void>
struct HasChat : std::false_type {};
template <typename T>
struct HasChat<T, std::void_t<decltype(std::declval<T&>().chat)>> : std::true_type {};

// The matching cycle inside a block: its own, or its chat's.
template <typename Block>
auto* MatchIn(Block& p) {
  using Match = std::conditional_t<std::is_const_v<Block>, const MatchParams, MatchParams>;
  if constexpr (HasMatch<std::remove_const_t<Block>>::value) {
    return static_cast<Match*>(&p.match);
  } else if constexpr (HasChat<std::remove_const_t<Block>>::value) {
    return static_cast<Match*>(&p.chat.match);
  } else {
    return static_cast<Match*>(nullptr);
  }
}

template <typename Block>
auto* ChatIn(Block& p) {
  using Chat = std::conditional_t<std::is_const_v<Block>, const ChatParams, ChatParams>;
  if constexpr (std::is_same_v<std::remove_const_t<Block>, ChatParams>) {
    return static_cast<Chat*>(&p);
  } else if constexpr (HasChat<std::remove_const_t<Block>>::value) {
    return static_cast<Chat*>(&p.chat);
  } else {
    return static_cast<Chat*>(nullptr);
  }
}

}  // namespace

std::string_view NameOf(Flow flow) {
  switch (flow) {
    case Flow::kSaturate:
      return "saturate";
    case Flow::kMatchmaking:
      return "matchmaking";
    case Flow::kChat:
      return "chat";
    case Flow::kSignaling:
      return "signaling";
    case Flow::kCallBurst:
      return "call_burst";
    case Flow::kReconnectStorm:
      return "reconnect_storm";
    case Flow::kBreakingPoint:
      return "breaking_point";
    case Flow::kHttpRate:
      return "http_rate";
    case Flow::kHttpMix:
      return "http_mix";
  }
  return "?";
}

const MatchParams* MatchPartOf(const FlowParams& params) {
  return std::visit([](const auto& p) { return MatchIn(p); }, params);
}
MatchParams* MatchPartOf(FlowParams& params) {
  return std::visit([](auto& p) { return MatchIn(p); }, params);
}
const ChatParams* ChatPartOf(const FlowParams& params) {
  return std::visit([](const auto& p) { return ChatIn(p); }, params);
}
ChatParams* ChatPartOf(FlowParams& params) {
  return std::visit([](auto& p) { return ChatIn(p); }, params);
}

void MatchParams::Validate(Problems* problems) const {
  Need(match_window_s >= 0 && chat_s >= 0 && drain_s >= 0 && rematch_for_s >= 0 &&
           rematch_pause_s >= 0,
       "durations must be >= 0", problems);
  Need(match_timeout_s > 0, "match_timeout_s must be > 0", problems);
  Need(std::none_of(interests.begin(), interests.end(),
                    [](const std::string& interest) { return interest.empty(); }),
       "interests must not be empty words", problems);
}

void SaturateParams::Validate(Problems* problems) const {
  Need(hold_s >= 0 && connection_lifetime_s >= 0, "durations must be >= 0", problems);
  Need(hold_from == "ramp-end" || hold_from == "open", "hold_from must be open or ramp-end",
       problems);
}

void MatchmakingParams::Validate(Problems* problems) const { match.Validate(problems); }

void ChatParams::ValidateMessages(Problems* problems) const {
  Need(message_interval_s > 0, "message_interval_s must be > 0", problems);
  Need(typing_lead_s >= 0 && typing_lead_s < message_interval_s,
       "typing_lead_s must lie in [0, message_interval_s)", problems);
  Need(payload_bytes >= 0 && payload_bytes <= 1 << 20, "payload_bytes must lie in 0..1 MiB",
       problems);
}

void ChatParams::Validate(Problems* problems) const {
  match.Validate(problems);
  Need(match.chat_s > 0, "chat_s must be > 0", problems);
  ValidateMessages(problems);
}

void SignalingParams::Validate(Problems* problems) const {
  match.Validate(problems);
  Need(match.chat_s > 0 && negotiation_interval_s > 0,
       "signaling needs chat_s > 0 and negotiation_interval_s > 0", problems);
  Need(sdp_bytes >= 0 && sdp_bytes <= 1 << 20, "sdp_bytes must lie in 0..1 MiB", problems);
  Need(ice_candidates >= 0 && ice_candidates <= 64, "ice_candidates must lie in 0..64", problems);
}

void CallBurstParams::Validate(Problems* problems, int users) const {
  Need(agents > 0 && users > agents && call_rate_per_s > 0,
       "call_burst needs agents > 0, call_rate_per_s > 0 and at least one visitor (users > "
       "agents)",
       problems);
  Need(accept_share >= 0 && reject_share >= 0 && accept_share + reject_share <= 1,
       "accept_share and reject_share must be >= 0 and sum to at most 1", problems);
  Need(answer_delay_min_s >= 0 && answer_delay_min_s <= answer_delay_max_s &&
           answer_delay_max_s < call_wait_s,
       "answer delays must satisfy 0 <= min <= max < call_wait_s", problems);
}

void ReconnectStormParams::Validate(Problems* problems, double connect_ramp_s) const {
  chat.Validate(problems);
  // Every drop and return must fall inside every chat (the first chat starts at about 0).
  Need(drop_share > 0 && drop_share <= 1 && drop_after_s >= 0 && drop_window_s >= 0 &&
           return_delay_max_s >= 0 &&
           connect_ramp_s + drop_after_s + drop_window_s + return_delay_max_s + 5 <
               chat.match.chat_s,
       "reconnect_storm needs drop_share in (0, 1] and ramp + drop_after + drop_window + "
       "return_delay_max + 5 s < chat_s",
       problems);
}

void BreakingPointParams::Validate(Problems* problems, int users, double connect_ramp_s) const {
  chat.match.Validate(problems);
  chat.ValidateMessages(problems);
  const MatchParams defaults;
  Need(chat.match.chat_s == 0 && chat.match.match_window_s == 0 && chat.match.rematch_for_s == 0 &&
           chat.match.rematch_pause_s == defaults.rematch_pause_s,
       "chat_s, match_window_s and rematching do not apply to breaking_point (every chat lasts "
       "until the last step ends)",
       problems);
  Need(step_users > 0 && step_users % 2 == 0 && users % step_users == 0 &&
           step_s > connect_ramp_s && step_latency_bound_ms > 0 && step_error_rate >= 0,
       "breaking_point needs an even step_users dividing users, step_s > connect_ramp_s and a "
       "latency bound",
       problems);
  Need(capacity_floor_users >= 0 && expect_capacity_users >= 0 &&
           (expect_capacity_users == 0 || expect_capacity_users >= capacity_floor_users),
       "capacity_floor_users and expect_capacity_users must be >= 0, the expectation at least "
       "the floor",
       problems);
}

void HttpRateParams::Validate(Problems* problems) const {
  Need(request_rate_per_s > 0 && hold_s > 0 && !paths.empty(),
       "http_rate needs request_rate_per_s > 0, hold_s > 0 and request paths", problems);
  ValidatePaths(paths, problems);
}

void HttpMixParams::Validate(Problems* problems) const {
  bool types_ok = !user_types.empty();
  for (const HttpUserType& t : user_types) {
    types_ok = types_ok && t.weight > 0 && t.think_min_s >= 0 && t.think_min_s <= t.think_max_s &&
               t.burst_min >= 1 && t.burst_min <= t.burst_max && t.burst_gap_s >= 0 &&
               t.think_max_s + t.burst_gap_s > 0;
  }
  Need(types_ok && hold_s > 0 && !paths.empty(),
       "http_mix needs user types (weight > 0, 0 <= think_min <= think_max, 1 <= burst_min <= "
       "burst_max, a gap >= 0), hold_s > 0 and request paths",
       problems);
  ValidatePaths(paths, problems);
}

}  // namespace swarmgate
