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
    case Flow::kHttpRate:
      return "http_rate";
  }
  return "?";
}

double LoadSpec::PlannedDurationS() const {
  const double connect = connect_ramp_s + 5;  // + the handshake timeout of the last user
  if (flow == Flow::kSaturate) return connect + hold_s + 5;         // + the close handshake
  if (flow == Flow::kHttpRate) return connect + hold_s + 15;        // + the answer deadline
  const double one_chat = match_timeout_s + chat_s + drain_s + 10;  // + leave and partner_left
  const double matching = std::max(match_window_s, rematch_for_s) + one_chat;
  return connect + matching + 5;
}

std::vector<std::string> LoadSpec::Validate() const {
  std::vector<std::string> problems;
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) problems.push_back("row " + name + ": " + what);
  };
  need(!name.empty(), "has no name");
  need(users > 0, "users must be > 0");
  const bool matching = flow == Flow::kMatchmaking || flow == Flow::kChat;
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
  need(flow != Flow::kChat || (message_interval_s > 0 && chat_s > 0),
       "chat needs chat_s > 0 and message_interval_s > 0");
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
