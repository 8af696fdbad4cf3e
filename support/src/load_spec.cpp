#include "swarmgate/load_spec.h"

#include "swarmgate/metrics.h"
#include "swarmgate/target_url.h"

namespace swarmgate {

std::vector<std::string> LoadSpec::Validate() const {
  std::vector<std::string> problems;
  auto need = [&problems](bool ok, const char* what) {
    if (!ok) problems.emplace_back(what);
  };
  need(!name.empty(), "has no name");
  need(users > 0, "users must be > 0");
  need(!MatchPartOf(params) || users % 2 == 0, "matching flows need an even number of users");
  need(connect_ramp_s >= 0, "durations must be >= 0");
  std::visit(
      [&](const auto& p) {
        using Block = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<Block, CallBurstParams>) {
          p.Validate(&problems, users);
        } else if constexpr (std::is_same_v<Block, ReconnectStormParams>) {
          p.Validate(&problems, connect_ramp_s);
        } else if constexpr (std::is_same_v<Block, BreakingPointParams>) {
          p.Validate(&problems, users, connect_ramp_s);
        } else {
          p.Validate(&problems);
        }
      },
      params);
  need(threads >= 0 && threads <= 64, "threads must lie in 0..64");
  need(window_s == 0 || (window_s >= 1 && flow() != Flow::kBreakingPoint),
       flow() == Flow::kBreakingPoint ? "window_s does not apply to breaking_point (one window "
                                        "per step)"
                                      : "window_s must be >= 1 (or 0: the flow's own)");
  need(IsLoopbackAddress(bundled_address),
       "bundled_address must be a loopback address (127.0.0.0/8 or ::1)");
  need(bundled_tls.empty() || bundled_tls == "private-ca" || bundled_tls == "self-signed",
       "bundled_tls must be private-ca, self-signed or empty");
  need(handshakes_in_flight > 0, "handshakes_in_flight must be > 0");
  need(max_loop_lag_ms >= 0, "max_loop_lag_ms must be >= 0");
  need(max_late_send_rate >= 0 && max_late_send_rate <= 1, "max_late_send_rate must lie in 0..1");
  for (const ExpectedPercentile& e : expect_percentiles) {
    if (!LatencyNamed(e.metric)) {
      problems.push_back("expect_percentiles names no latency metric \"" + e.metric + "\"");
    }
    need(e.percentile > 0 && e.percentile <= 100,
         "expect_percentiles needs a percentile in (0, 100]");
  }
  need(generator_stall_ms >= 0 && generator_stall_ms < 1000,
       "generator_stall_ms must lie in 0..999");
  problems.insert(problems.end(), misapplied_.begin(), misapplied_.end());
  for (std::string& problem : problems) problem = "row " + name + ": " + problem;
  return problems;
}

template <typename P>
P* LoadSpec::Block(const char* what) {
  if (P* p = std::get_if<P>(&params)) return p;
  misapplied_.push_back(std::string(what) + " does not apply to the " +
                        std::string(NameOf(flow())) + " flow");
  return nullptr;
}

MatchParams* LoadSpec::Matching(const char* what) {
  if (MatchParams* m = MatchPartOf(params)) return m;
  misapplied_.push_back(std::string(what) + " does not apply to the " +
                        std::string(NameOf(flow())) + " flow, which matches nobody");
  return nullptr;
}

ChatParams* LoadSpec::Chatting(const char* what) {
  if (ChatParams* c = ChatPartOf(params)) return c;
  misapplied_.push_back(std::string(what) + " does not apply to the " +
                        std::string(NameOf(flow())) + " flow, which sends no messages");
  return nullptr;
}

LoadSpec& LoadSpec::Users(int n) {
  users = n;
  return *this;
}
LoadSpec& LoadSpec::Pairs(int n) {
  users = 2 * n;
  return *this;
}
LoadSpec& LoadSpec::Ramp(Seconds s) {
  connect_ramp_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::Threads(int n) {
  threads = n;
  return *this;
}
LoadSpec& LoadSpec::Window(Seconds s) {
  window_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::WireProfile(std::string name_or_path) {
  profile = std::move(name_or_path);
  return *this;
}
LoadSpec& LoadSpec::Thresholds(std::vector<std::string> t) {
  thresholds = std::move(t);
  return *this;
}
LoadSpec& LoadSpec::MoreThresholds(const std::vector<std::string>& t) {
  thresholds.insert(thresholds.end(), t.begin(), t.end());
  return *this;
}
LoadSpec& LoadSpec::ServerFaults(std::vector<std::string> f) {
  server_faults = std::move(f);
  return *this;
}
LoadSpec& LoadSpec::BundledOnly() {
  bundled_only = true;
  return *this;
}
LoadSpec& LoadSpec::BundledAddress(std::string address) {
  bundled_address = std::move(address);
  return *this;
}
LoadSpec& LoadSpec::ExpectRefused(std::string line_contains) {
  expect_refused = std::move(line_contains);
  return *this;
}
LoadSpec& LoadSpec::BundledTls(std::string certificates) {
  bundled_tls = std::move(certificates);
  return *this;
}
LoadSpec& LoadSpec::MaxLoopLag(Seconds s) {
  max_loop_lag_ms = s.count() * 1e3;
  return *this;
}
LoadSpec& LoadSpec::MeasureKernelFloor() {
  measure_kernel_floor = true;
  return *this;
}
LoadSpec& LoadSpec::GeneratorStall(Seconds per_second) {
  generator_stall_ms = static_cast<int>(per_second.count() * 1e3 + 0.5);
  return *this;
}
LoadSpec& LoadSpec::ExpectViolated(std::vector<std::string> metrics) {
  expect_violated = std::move(metrics);
  return *this;
}
LoadSpec& LoadSpec::ExpectInconclusive() {
  expect_inconclusive = true;
  return *this;
}
LoadSpec& LoadSpec::ExpectPercentile(std::string metric, double percentile, Seconds expected) {
  expect_percentiles.push_back({std::move(metric), percentile, expected.count() * 1e6});
  return *this;
}
LoadSpec& LoadSpec::Alongside(LoadSpec other) {
  alongside.push_back(std::move(other));
  return *this;
}

LoadSpec& LoadSpec::MatchWindow(Seconds s) {
  if (MatchParams* m = Matching("match_window_s")) m->match_window_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::MatchTimeout(Seconds s) {
  if (MatchParams* m = Matching("match_timeout_s")) m->match_timeout_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::ChatFor(Seconds s) {
  if (MatchParams* m = Matching("chat_s")) m->chat_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::Drain(Seconds s) {
  if (MatchParams* m = Matching("drain_s")) m->drain_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::RematchFor(Seconds s) {
  if (MatchParams* m = Matching("rematch_for_s")) m->rematch_for_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::RematchPause(Seconds s) {
  if (MatchParams* m = Matching("rematch_pause_s")) m->rematch_pause_s = s.count();
  return *this;
}

LoadSpec& LoadSpec::MessageEvery(Seconds s) {
  if (ChatParams* c = Chatting("message_interval_s")) c->message_interval_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::TypingLead(Seconds s) {
  if (ChatParams* c = Chatting("typing_lead_s")) c->typing_lead_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::PayloadBytes(int n) {
  if (ChatParams* c = Chatting("payload_bytes")) c->payload_bytes = n;
  return *this;
}

LoadSpec& LoadSpec::NoTyping() {
  if (ChatParams* c = Chatting("typing")) c->typing = false;
  return *this;
}

LoadSpec& LoadSpec::Hold(Seconds s) {
  if (auto* p = std::get_if<SaturateParams>(&params)) {
    p->hold_s = s.count();
  } else if (auto* r = std::get_if<HttpRateParams>(&params)) {
    r->hold_s = s.count();
  } else if (auto* m = Block<HttpMixParams>("hold_s")) {
    m->hold_s = s.count();
  }
  return *this;
}
LoadSpec& LoadSpec::HoldEachFromItsOpening() {
  if (auto* p = Block<SaturateParams>("hold_from")) p->hold_from = "open";
  return *this;
}
LoadSpec& LoadSpec::ConnectionLifetime(Seconds s) {
  if (auto* p = Block<SaturateParams>("connection_lifetime_s")) {
    p->connection_lifetime_s = s.count();
  }
  return *this;
}

LoadSpec& LoadSpec::NegotiationEvery(Seconds s) {
  if (auto* p = Block<SignalingParams>("negotiation_interval_s")) {
    p->negotiation_interval_s = s.count();
  }
  return *this;
}
LoadSpec& LoadSpec::SdpBytes(int n) {
  if (auto* p = Block<SignalingParams>("sdp_bytes")) p->sdp_bytes = n;
  return *this;
}
LoadSpec& LoadSpec::IceCandidates(int n) {
  if (auto* p = Block<SignalingParams>("ice_candidates")) p->ice_candidates = n;
  return *this;
}

LoadSpec& LoadSpec::Agents(int n) {
  if (auto* p = Block<CallBurstParams>("agents")) p->agents = n;
  return *this;
}
LoadSpec& LoadSpec::CallRate(double per_s) {
  if (auto* p = Block<CallBurstParams>("call_rate_per_s")) p->call_rate_per_s = per_s;
  return *this;
}
LoadSpec& LoadSpec::AcceptShare(double share) {
  if (auto* p = Block<CallBurstParams>("accept_share")) p->accept_share = share;
  return *this;
}
LoadSpec& LoadSpec::RejectShare(double share) {
  if (auto* p = Block<CallBurstParams>("reject_share")) p->reject_share = share;
  return *this;
}
LoadSpec& LoadSpec::AnswerDelay(Seconds min, Seconds max) {
  if (auto* p = Block<CallBurstParams>("answer_delay_min_s")) {
    p->answer_delay_min_s = min.count();
    p->answer_delay_max_s = max.count();
  }
  return *this;
}

LoadSpec& LoadSpec::DropShare(double share) {
  if (auto* p = Block<ReconnectStormParams>("drop_share")) p->drop_share = share;
  return *this;
}
LoadSpec& LoadSpec::DropAfter(Seconds s) {
  if (auto* p = Block<ReconnectStormParams>("drop_after_s")) p->drop_after_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::DropWindow(Seconds s) {
  if (auto* p = Block<ReconnectStormParams>("drop_window_s")) p->drop_window_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::ReturnWithin(Seconds s) {
  if (auto* p = Block<ReconnectStormParams>("return_delay_max_s")) {
    p->return_delay_max_s = s.count();
  }
  return *this;
}

LoadSpec& LoadSpec::StepUsers(int n) {
  if (auto* p = Block<BreakingPointParams>("step_users")) p->step_users = n;
  return *this;
}
LoadSpec& LoadSpec::StepEvery(Seconds s) {
  if (auto* p = Block<BreakingPointParams>("step_s")) p->step_s = s.count();
  return *this;
}
LoadSpec& LoadSpec::CapacityFloor(int users_at_least) {
  if (auto* p = Block<BreakingPointParams>("capacity_floor_users")) {
    p->capacity_floor_users = users_at_least;
  }
  return *this;
}
LoadSpec& LoadSpec::ExpectCapacity(int exact_users) {
  if (auto* p = Block<BreakingPointParams>("expect_capacity_users")) {
    p->expect_capacity_users = exact_users;
  }
  return *this;
}

LoadSpec& LoadSpec::RequestRate(double per_s) {
  if (auto* p = Block<HttpRateParams>("request_rate_per_s")) p->request_rate_per_s = per_s;
  return *this;
}
LoadSpec& LoadSpec::Paths(std::vector<std::string> paths) {
  if (auto* r = std::get_if<HttpRateParams>(&params)) {
    r->paths = std::move(paths);
  } else if (auto* m = Block<HttpMixParams>("paths")) {
    m->paths = std::move(paths);
  }
  return *this;
}
LoadSpec& LoadSpec::UserMix(std::vector<HttpUserType> types) {
  if (auto* p = Block<HttpMixParams>("user_types")) p->user_types = std::move(types);
  return *this;
}

}  // namespace swarmgate
