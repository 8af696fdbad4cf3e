#include "swarmgate/load_spec.h"

#include <algorithm>

#include "swarmgate/metrics.h"

namespace swarmgate {

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
    case Flow::kHttpMix:
      return "http_mix";
    case Flow::kHttpRate:
      return "http_rate";
  }
  return "?";
}

double LoadSpec::PlannedDurationS() const {
  const double connect = connect_ramp_s + 5;  // + the handshake timeout of the last user
  if (flow == Flow::kSaturate) return connect + hold_s + 5;  // + the close handshake
  if (flow == Flow::kHttpRate || flow == Flow::kHttpMix) {
    return connect + hold_s + 15;  // + the answer deadline
  }
  if (flow == Flow::kCallBurst) return connect + 1 + hold_s + call_wait_s + 5;
  if (flow == Flow::kBreakingPoint && step_users > 0) {
    return users / step_users * step_s + drain_s + 10 + 10;  // + leave and partner_left
  }
  const double one_chat = match_timeout_s + chat_s + drain_s + 10;  // + leave and partner_left
  const double matching = std::max(match_window_s, rematch_for_s) + one_chat;
  return connect + matching + 5;
}

const HttpUserType& LoadSpec::UserTypeOf(int index) const {
  double total = 0;
  for (const HttpUserType& t : user_types) total += t.weight;
  const double x = index * 0.6180339887498949;
  double at = (x - static_cast<long long>(x)) * total;
  for (const HttpUserType& t : user_types) {
    if (at < t.weight) return t;
    at -= t.weight;
  }
  return user_types.back();
}

std::vector<std::string> LoadSpec::Validate() const {
  std::vector<std::string> problems;
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) problems.push_back("row " + name + ": " + what);
  };
  need(!name.empty(), "has no name");
  need(users > 0, "users must be > 0");
  const bool matching = flow == Flow::kMatchmaking || flow == Flow::kChat ||
                        flow == Flow::kSignaling || flow == Flow::kReconnectStorm ||
                        flow == Flow::kBreakingPoint;
  need(!matching || users % 2 == 0, "matching flows need an even number of users");
  need(flow != Flow::kHttpRate || (request_rate_per_s > 0 && hold_s > 0 && !request_paths.empty()),
       "http_rate needs request_rate_per_s > 0, hold_s > 0 and request paths");
  for (const std::string& path : request_paths) {
    need(!path.empty() && path[0] == '/' && path.find_first_of(" \r\n") == std::string::npos,
         "request path \"" + path + "\" must start with / and hold no spaces");
  }
  need(connect_ramp_s >= 0 && hold_s >= 0 && match_window_s >= 0 && rematch_for_s >= 0 &&
           rematch_pause_s >= 0 && chat_s >= 0 && drain_s >= 0 && connection_lifetime_s >= 0,
       "durations must be >= 0");
  need(match_timeout_s > 0, "match_timeout_s must be > 0");
  const bool chatting =
      flow == Flow::kChat || flow == Flow::kSignaling || flow == Flow::kReconnectStorm;
  need(!chatting || (message_interval_s > 0 && chat_s > 0),
       std::string(NameOf(flow)) + " needs chat_s > 0 and message_interval_s > 0");
  need(ice_candidates >= 0 && ice_candidates <= 64, "ice_candidates must lie in 0..64");
  // Every drop and return must fall inside every chat (the first chat starts at about 0).
  need(flow != Flow::kReconnectStorm ||
           (drop_share > 0 && drop_share <= 1 && drop_after_s >= 0 && drop_window_s >= 0 &&
            return_delay_max_s >= 0 &&
            connect_ramp_s + drop_after_s + drop_window_s + return_delay_max_s + 5 < chat_s),
       "reconnect_storm needs drop_share in (0, 1] and ramp + drop_after + drop_window + "
       "return_delay_max + 5 s < chat_s");
  bool types_ok = !user_types.empty();
  for (const HttpUserType& t : user_types) {
    types_ok = types_ok && t.weight > 0 && t.think_min_s >= 0 && t.think_min_s <= t.think_max_s &&
               t.burst_min >= 1 && t.burst_min <= t.burst_max && t.burst_gap_s >= 0 &&
               t.think_max_s + t.burst_gap_s > 0;
  }
  need(flow != Flow::kHttpMix || (types_ok && hold_s > 0 && !request_paths.empty()),
       "http_mix needs user types (weight > 0, 0 <= think_min <= think_max, 1 <= burst_min <= "
       "burst_max, a gap >= 0), hold_s > 0 and request paths");
  need(flow != Flow::kBreakingPoint ||
           (step_users > 0 && step_users % 2 == 0 && users % step_users == 0 &&
            step_s > connect_ramp_s && step_latency_bound_ms > 0 && step_error_rate >= 0 &&
            window_s == step_s),
       "breaking_point needs an even step_users dividing users, step_s > connect_ramp_s, one "
       "window per step and a latency bound");
  need(flow != Flow::kCallBurst || (agents > 0 && users > agents && call_rate_per_s > 0),
       "call_burst needs agents > 0, call_rate_per_s > 0 and at least one visitor");
  need(accept_share >= 0 && reject_share >= 0 && accept_share + reject_share <= 1,
       "accept_share and reject_share must be >= 0 and sum to at most 1");
  need(answer_delay_min_s >= 0 && answer_delay_min_s <= answer_delay_max_s &&
           answer_delay_max_s < call_wait_s,
       "answer delays must satisfy 0 <= min <= max < call_wait_s");
  need(typing_lead_s >= 0 && typing_lead_s < message_interval_s,
       "typing_lead_s must lie in [0, message_interval_s)");
  need(payload_bytes >= 0 && payload_bytes <= 1 << 20, "payload_bytes must lie in 0..1 MiB");
  need(threads >= 0 && threads <= 64, "threads must lie in 0..64");
  need(window_s >= 1, "window_s must be >= 1");
  need(connection_lifetime_s == 0 || flow == Flow::kSaturate,
       "connection_lifetime_s applies to the saturate flow only");
  need(handshakes_in_flight > 0, "handshakes_in_flight must be > 0");
  need(max_loop_lag_ms >= 0, "max_loop_lag_ms must be >= 0");
  need(max_late_send_rate >= 0 && max_late_send_rate <= 1, "max_late_send_rate must lie in 0..1");
  for (const ExpectedPercentile& e : expect_percentiles) {
    need(LatencyNamed(e.metric).has_value(),
         "expect_percentiles names no latency metric \"" + e.metric + "\"");
    need(e.percentile > 0 && e.percentile <= 100,
         "expect_percentiles needs a percentile in (0, 100]");
  }
  need(generator_stall_ms >= 0 && generator_stall_ms < 1000,
       "generator_stall_ms must lie in 0..999");
  return problems;
}

}  // namespace swarmgate
