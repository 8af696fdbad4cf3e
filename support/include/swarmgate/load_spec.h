#pragma once
// One scenario row: what load to offer, for how long, and which thresholds must hold.
// Rows are written as tables in perf/ with the chained setters, e.g.
//   LoadSpec("Pairs50", Flow::kMatchmaking).Users(100).RampS(2).Thresholds({...})

#include <string>
#include <vector>

namespace swarmgate {

enum class Flow {
  kSaturate,        // connect, hold idle, close
  kMatchmaking,     // connect, identify, find_match, accept, chat_started, leave
  kChat,            // matchmaking, then typed messages at an interval, then leave
  kSignaling,       // matchmaking, then an offer, an answer and ICE candidates per interval
  kCallBurst,       // agents log in; visitors arrive at a constant rate and request a call
  kReconnectStorm,  // chat, while a share of users drop and come back to resume
  kBreakingPoint,   // chat, with step_users more users every step_s until the cap (users)
  kHttpMix,         // HTTP users of weighted types, each with its own bursts and think times
  kHttpRate,        // HTTP requests at a constant rate (open model) over keep-alive connections
};

// http_mix: one kind of user (the dchat field note's Locust classes): bursts of burst_min to
// burst_max GETs burst_gap_s apart, then a think time in [think_min_s, think_max_s].
struct HttpUserType {
  std::string name;
  double weight = 1;
  double think_min_s = 1;
  double think_max_s = 3;
  int burst_min = 1;
  int burst_max = 1;
  double burst_gap_s = 0.1;
};

// A self-test's ground truth: the value a latency percentile must come out at.
struct ExpectedPercentile {
  std::string metric;  // a latency metric, e.g. "message_latency"
  double percentile = 50;
  double expected_us = 0;
};

struct LoadSpec {
  LoadSpec(std::string row_name, Flow row_flow) : name(std::move(row_name)), flow(row_flow) {}

  std::string name;  // the row's name in test names and reports, e.g. "Pairs50"
  Flow flow;
  int users = 0;                     // virtual users (two per pair)
  double connect_ramp_s = 0;         // user i starts connecting at ramp * i / users
  double hold_s = 0;                 // saturate: every connection is held until ramp + hold
  double connection_lifetime_s = 0;  // saturate: > 0: each connection closes after this long
                                     // and its user connects again, until ramp + hold (churn)
  double match_window_s = 0;         // > 0: user i sends find_match at ramp + window * i / users
                                     // (all connected first); 0: right after identifying
  double match_timeout_s = 10;       // find_match -> chat_started, else a match timeout
  double rematch_for_s = 0;          // > 0: after each chat, match again until ramp + this
  double rematch_pause_s = 1;        // think time between a chat's end and the next find_match
  double chat_s = 0;                 // chat, signaling: how long each side sends
  double message_interval_s = 1;     // chat: one typing indicator + message per interval;
                                     // signaling: one negotiation per interval
  double typing_lead_s = 0.1;        // chat: the typing indicator goes this long before a message
  int payload_bytes = 128;           // chat: message text size, stamp included; signaling:
                                     // the size of an offer's and an answer's SDP
  int ice_candidates = 8;            // signaling: candidates after each offer and answer
  double drain_s = 1;                // chat: wait after the last send before leaving
  int threads = 0;                   // swarm threads; 0 = one per core
  int handshakes_in_flight = 256;    // cap on concurrent opening handshakes (whole swarm)
  double window_s = 60;              // length of the report's windows, over which drift is judged
  double request_rate_per_s = 0;     // http_rate: requests per second, whole swarm, for hold_s
  std::vector<std::string> request_paths;  // http_rate, http_mix: GET these in turn
  std::vector<HttpUserType> user_types;    // http_mix: users take a type in proportion to weight
  // call_burst: users [0, agents) are agents, connected over the ramp; the rest are visitors,
  // arriving one by one at call_rate_per_s from a second after the ramp, for hold_s. Agents
  // accept or reject a share of the calls after a delay in [min, max] and let the rest ring;
  // which call gets what follows from the visitor's number, so the visitor knows too.
  int agents = 0;
  double call_rate_per_s = 0;
  double accept_share = 0.7;
  double reject_share = 0.2;
  double answer_delay_min_s = 0.2;
  double answer_delay_max_s = 1;
  // reconnect_storm: the users whose share of the index sequence falls below drop_share drop
  // their connection (no close handshake) at ramp + drop_after_s + [0, drop_window_s] and
  // reconnect after [0, return_delay_max_s] to resume their match with its token.
  double drop_share = 0;
  double drop_after_s = 0;
  double drop_window_s = 0;
  double return_delay_max_s = 0;
  // breaking_point: step k's users connect over connect_ramp_s from k * step_s and chat until
  // every step has had its step_s; a step holds while its window's message_latency p95 stays
  // under step_latency_bound_ms and its errors under step_error_rate of the users.
  int step_users = 0;
  double step_s = 0;
  double step_latency_bound_ms = 100;
  double step_error_rate = 0.01;
  int capacity_floor_users = 0;   // the capacity found must be at least this
  int expect_capacity_users = 0;  // self-tests: ... and exactly this
  double call_wait_s = 10;  // a visitor told nothing this long after arriving: the call is lost
  // The wire profile: a shipped one by name (fixtures/profiles/<name>.json, whose bundled
  // server is launched when no SWARMGATE_TARGET is set) or a path; empty: SWARMGATE_PROFILE,
  // else the reference server's protocol.
  std::string profile;
  std::vector<std::string> thresholds;       // e.g. "pairing_time p95 < 1s"
  std::vector<std::string> server_faults;    // reference-server switches, e.g. "--drop-rate=0.02"
  std::vector<std::string> expect_violated;  // self-tests: metrics whose thresholds must break
  // The generator's self-check: a run whose swarm fell behind is inconclusive, never a pass.
  double max_loop_lag_ms = 0;        // loop_lag p99 bound; 0: a tenth of the tightest latency
                                     // bound among the thresholds (100 ms when there is none)
  double max_late_send_rate = 0.05;  // share of paced sends > 10 ms late that is tolerated
  int generator_stall_ms = 0;  // self-tests only: each swarm thread sleeps this long per second
  bool expect_inconclusive = false;  // self-tests: the generator check must refuse the run
  // Accuracy self-tests: measured percentiles must match these within 3 % or 3 ms.
  std::vector<ExpectedPercentile> expect_percentiles;
  // Rows run at the same time against the same target (a soak's mix), each its own swarm
  // judged on its own thresholds; their violations are this row's.
  std::vector<LoadSpec> alongside;

  LoadSpec& Users(int n) {
    users = n;
    return *this;
  }
  LoadSpec& Pairs(int n) {
    users = 2 * n;
    return *this;
  }
  LoadSpec& RampS(double s) {
    connect_ramp_s = s;
    return *this;
  }
  LoadSpec& HoldS(double s) {
    hold_s = s;
    return *this;
  }
  LoadSpec& ConnectionLifetimeS(double s) {
    connection_lifetime_s = s;
    return *this;
  }
  LoadSpec& RequestRate(double per_s, std::vector<std::string> paths) {
    request_rate_per_s = per_s;
    request_paths = std::move(paths);
    return *this;
  }
  // call_burst: `agents` agents, and visitors arriving at per_s for seconds.
  LoadSpec& CallBurst(int agent_count, double per_s, double seconds) {
    agents = agent_count;
    call_rate_per_s = per_s;
    hold_s = seconds;
    users = agent_count + static_cast<int>(per_s * seconds + 0.5);
    return *this;
  }
  LoadSpec& CallShares(double accept, double reject) {
    accept_share = accept;
    reject_share = reject;
    return *this;
  }
  LoadSpec& AnswerDelayS(double min_s, double max_s) {
    answer_delay_min_s = min_s;
    answer_delay_max_s = max_s;
    return *this;
  }
  LoadSpec& Drops(double share, double after_s, double window_s, double return_delay_max) {
    drop_share = share;
    drop_after_s = after_s;
    drop_window_s = window_s;
    return_delay_max_s = return_delay_max;
    return *this;
  }
  // breaking_point: step_users more every step_s, up to cap_users (one window per step).
  LoadSpec& Steps(int users_per_step, double seconds_per_step, int cap_users) {
    step_users = users_per_step;
    step_s = seconds_per_step;
    users = cap_users;
    window_s = seconds_per_step;
    return *this;
  }
  LoadSpec& CapacityFloor(int users_at_least) {
    capacity_floor_users = users_at_least;
    return *this;
  }
  LoadSpec& ExpectCapacity(int exact_users) {
    expect_capacity_users = exact_users;
    capacity_floor_users = exact_users;
    return *this;
  }
  LoadSpec& UserMix(std::vector<HttpUserType> types, std::vector<std::string> paths) {
    user_types = std::move(types);
    request_paths = std::move(paths);
    return *this;
  }
  LoadSpec& WindowS(double s) {
    window_s = s;
    return *this;
  }
  LoadSpec& MatchWindowS(double s) {
    match_window_s = s;
    return *this;
  }
  LoadSpec& MatchTimeoutS(double s) {
    match_timeout_s = s;
    return *this;
  }
  LoadSpec& RematchForS(double s) {
    rematch_for_s = s;
    return *this;
  }
  LoadSpec& RematchPauseS(double s) {
    rematch_pause_s = s;
    return *this;
  }
  LoadSpec& ChatS(double s) {
    chat_s = s;
    return *this;
  }
  LoadSpec& MessageIntervalS(double s) {
    message_interval_s = s;
    return *this;
  }
  LoadSpec& IceCandidates(int n) {
    ice_candidates = n;
    return *this;
  }
  LoadSpec& PayloadBytes(int n) {
    payload_bytes = n;
    return *this;
  }
  LoadSpec& Threads(int n) {
    threads = n;
    return *this;
  }
  LoadSpec& Thresholds(std::vector<std::string> t) {
    thresholds = std::move(t);
    return *this;
  }
  LoadSpec& WireProfile(std::string name_or_path) {
    profile = std::move(name_or_path);
    return *this;
  }
  LoadSpec& MoreThresholds(const std::vector<std::string>& t) {
    thresholds.insert(thresholds.end(), t.begin(), t.end());
    return *this;
  }
  LoadSpec& ServerFaults(std::vector<std::string> f) {
    server_faults = std::move(f);
    return *this;
  }
  LoadSpec& ExpectViolated(std::vector<std::string> m) {
    expect_violated = std::move(m);
    return *this;
  }
  LoadSpec& MaxLoopLagMs(double ms) {
    max_loop_lag_ms = ms;
    return *this;
  }
  LoadSpec& GeneratorStallMs(int ms) {
    generator_stall_ms = ms;
    return *this;
  }
  LoadSpec& DrainS(double s) {
    drain_s = s;
    return *this;
  }
  LoadSpec& ExpectPercentile(std::string metric, double percentile, double expected_us) {
    expect_percentiles.push_back({std::move(metric), percentile, expected_us});
    return *this;
  }
  LoadSpec& Alongside(LoadSpec other) {
    alongside.push_back(std::move(other));
    return *this;
  }
  LoadSpec& ExpectInconclusive() {
    expect_inconclusive = true;
    return *this;
  }

  // The longest a run of this row should take when the server behaves, in seconds.
  double PlannedDurationS() const;
  // http_mix: the type of user `index` (spread over the weights, not in index order).
  const HttpUserType& UserTypeOf(int index) const;
  // call_burst: when visitor number `visitor` (0, 1, ...) arrives, in seconds from the start.
  double VisitorArrivalS(int visitor) const {
    return connect_ramp_s + 1 + visitor / call_rate_per_s;
  }
  // Every problem with the row at once, one line each; empty when the row is valid.
  std::vector<std::string> Validate() const;
};

std::string_view NameOf(Flow flow);

}  // namespace swarmgate
