#pragma once
// One scenario row: what load to offer, for how long, and which thresholds must hold. The
// fields every row has are here; the flow's own parameters are one block of flow_params.h.
// Rows are written as tables in perf/ with the chained setters, whose values carry their
// units (std::chrono durations), e.g.
//   LoadSpec("Pairs20", ChatParams()).Pairs(20).Ramp(1s).ChatFor(10s).MessageEvery(500ms)
// A setter for a parameter the row's flow does not have is reported by Validate().

#include <chrono>
#include <string>
#include <vector>

#include "swarmgate/flow_params.h"

namespace swarmgate {

// Where the bundled server listens unless a row says otherwise.
inline constexpr char kDefaultBundledAddress[] = "127.0.0.1";

// A self-test's ground truth: the value a latency percentile must come out at.
struct ExpectedPercentile {
  std::string metric;  // a latency metric, e.g. "message_latency"
  double percentile = 50;
  double expected_us = 0;
};

struct LoadSpec {
  using Seconds = std::chrono::duration<double>;

  LoadSpec(std::string row_name, FlowParams flow_params)
      : name(std::move(row_name)), params(std::move(flow_params)) {}

  std::string name;                // the row's name in test names and reports, e.g. "Pairs50"
  FlowParams params;               // the flow (which alternative) and its own parameters
  int users = 0;                   // virtual users (two per pair; call_burst: agents and visitors)
  double connect_ramp_s = 0;       // user i of n starts connecting at ramp * i / n
  int threads = 0;                 // swarm threads; 0 = one per core
  int handshakes_in_flight = 256;  // cap on concurrent opening handshakes (whole swarm)
  double window_s = 0;  // the report's windows, over which drift is judged; 0: the flow's
                        // own (one per step for breaking_point, else 60 s)
  // The wire profile: a shipped one by name (fixtures/profiles/<name>.json, whose bundled
  // server is launched when no target is given) or a path; empty: the run's default
  // (SWARMGATE_PROFILE), else the reference server's protocol.
  std::string profile;
  std::vector<std::string> thresholds;     // e.g. "pairing_time p95 < 1s"
  std::vector<std::string> server_faults;  // bundled-server switches, e.g. "--drop-rate=0.02"
  // The row exercises the bundled reference server's own endpoints (/health, /stats): it does
  // not apply to another server.
  bool bundled_only = false;
  // The loopback address the bundled server listens on and the swarm connects to ("::1":
  // over IPv6). Any other than 127.0.0.1 makes the row about the bundled server's listener:
  // it does not apply to another server.
  std::string bundled_address = kDefaultBundledAddress;
  // The bundled reference server speaks TLS (wss://, https://) with certificates made for
  // the run: "private-ca" (the swarm trusts the CA that signed them, as SWARMGATE_CA_FILE
  // would) or "self-signed" (trusted by nothing: verification must refuse it); "": plain.
  std::string bundled_tls;
  // The generator's self-check: a run whose swarm fell behind is inconclusive, never a pass.
  double max_loop_lag_ms = 0;        // loop_lag p99 bound; 0: a tenth of the tightest latency
                                     // bound among the thresholds (100 ms when there is none)
  double max_late_send_rate = 0.05;  // share of paced sends > 10 ms late that is tolerated
  int generator_stall_ms = 0;  // self-tests only: each swarm thread sleeps this long per second
  // Before the load, the kernel's own cost of a connect and of a frame is measured on this
  // machine (kernel_floor.h), so that the swarm's CPU per connect and per frame is reported
  // as a multiple of it. WebSocket over plain TCP only.
  bool measure_kernel_floor = false;
  // Self-tests: what the run must come to instead of a pass.
  std::vector<std::string> expect_violated;  // metrics whose thresholds must break
  bool expect_inconclusive = false;          // the generator check must refuse the run
  // Self-tests of the suite's own refusals: the run must stop before any load with a
  // problem line containing this (a certificate nobody trusts, ...).
  std::string expect_refused;
  // Accuracy self-tests: measured percentiles must match these within 3 % or 3 ms.
  std::vector<ExpectedPercentile> expect_percentiles;
  // Rows run at the same time against the same target (a soak's mix), each its own swarm
  // judged on its own thresholds; their violations are this row's.
  std::vector<LoadSpec> alongside;

  Flow flow() const { return static_cast<Flow>(params.index()); }
  // The flow's parameter block; P must be the row's (a harness bug otherwise: throws).
  template <typename P>
  const P& Params() const {
    return std::get<P>(params);
  }

  // The fields every row has, in the order reports list them (see flow_params.h for the
  // calling convention; values may also be std::string, bool, or expected percentiles).
  // Rows alongside are rows of their own and not listed.
  template <typename Self, typename Field>
  static void Fields(Self& row, Field&& field) {
    field("users", row.users, "users", "virtual users");
    field("connect_ramp_s", row.connect_ramp_s, "s", "users start connecting over this ramp");
    field("threads", row.threads, "threads", "swarm threads (0: one per core)");
    field("handshakes_in_flight", row.handshakes_in_flight, "handshakes",
          "cap on opening handshakes at once");
    field("window_s", row.window_s, "s", "report windows, over which drift is judged (0: flow's)");
    field("profile", row.profile, "", "wire profile (empty: the run's default)");
    field("thresholds", row.thresholds, "", "what must hold");
    field("server_faults", row.server_faults, "", "bundled-server fault switches");
    field("bundled_only", row.bundled_only, "",
          "runs only against the bundled reference server (its own endpoints)");
    field("bundled_address", row.bundled_address, "",
          "loopback address the bundled server listens on");
    field("bundled_tls", row.bundled_tls, "",
          "bundled server over TLS: private-ca, self-signed (empty: plain)");
    field("max_loop_lag_ms", row.max_loop_lag_ms, "ms",
          "swarm loop-lag p99 tolerated (0: a tenth of the tightest latency bound)");
    field("max_late_send_rate", row.max_late_send_rate, "share",
          "paced sends more than 10 ms late tolerated");
    field("generator_stall_ms", row.generator_stall_ms, "ms",
          "self-tests: each swarm thread sleeps this long a second");
    field("measure_kernel_floor", row.measure_kernel_floor, "",
          "the kernel's cost of a connect and a frame measured before the load");
    field("expect_violated", row.expect_violated, "", "self-tests: the gates that must break");
    field("expect_refused", row.expect_refused, "",
          "self-tests: the run stops before load with a line containing this");
    field("expect_inconclusive", row.expect_inconclusive, "",
          "self-tests: the run must be inconclusive");
    field("expect_percentiles", row.expect_percentiles, "",
          "self-tests: percentiles the run must measure");
  }

  // Every parameter of the row: its common fields, then its flow's.
  template <typename Field>
  void ForEachParameter(Field&& field) const {
    Fields(*this, field);
    std::visit([&field](const auto& p) { p.Fields(p, field); }, params);
  }
  template <typename Field>
  void ForEachParameter(Field&& field) {
    Fields(*this, field);
    std::visit([&field](auto& p) { p.Fields(p, field); }, params);
  }

  // Every problem with the row (not its rows alongside) at once, one line each; empty when
  // the row is valid.
  std::vector<std::string> Validate() const;

  // Common fields.
  LoadSpec& Users(int n);
  LoadSpec& Pairs(int n);  // two users per pair
  LoadSpec& Ramp(Seconds s);
  LoadSpec& Threads(int n);
  LoadSpec& Window(Seconds s);
  LoadSpec& WireProfile(std::string name_or_path);
  LoadSpec& Thresholds(std::vector<std::string> t);
  LoadSpec& MoreThresholds(const std::vector<std::string>& t);
  LoadSpec& ServerFaults(std::vector<std::string> f);
  LoadSpec& BundledOnly();
  LoadSpec& BundledAddress(std::string address);
  LoadSpec& BundledTls(std::string certificates);  // "private-ca" or "self-signed"
  LoadSpec& MaxLoopLag(Seconds s);
  LoadSpec& GeneratorStall(Seconds per_second);
  LoadSpec& MeasureKernelFloor();
  LoadSpec& ExpectViolated(std::vector<std::string> metrics);
  LoadSpec& ExpectInconclusive();
  LoadSpec& ExpectRefused(std::string line_contains);
  LoadSpec& ExpectPercentile(std::string metric, double percentile, Seconds expected);
  LoadSpec& Alongside(LoadSpec other);

  // The matching cycle (matchmaking, chat, signaling, reconnect_storm, breaking_point).
  LoadSpec& MatchWindow(Seconds s);
  LoadSpec& MatchTimeout(Seconds s);
  LoadSpec& ChatFor(Seconds s);
  LoadSpec& Drain(Seconds s);
  LoadSpec& RematchFor(Seconds s);
  LoadSpec& RematchPause(Seconds s);
  // What chatting users send (chat, reconnect_storm, breaking_point).
  LoadSpec& MessageEvery(Seconds s);
  LoadSpec& TypingLead(Seconds s);
  LoadSpec& PayloadBytes(int n);
  LoadSpec& NoTyping();  // messages only
  // saturate, http_rate, http_mix.
  LoadSpec& Hold(Seconds s);
  // saturate.
  LoadSpec& HoldEachFromItsOpening();  // each connection is held `hold` from its own opening
  LoadSpec& ConnectionLifetime(Seconds s);
  // signaling.
  LoadSpec& NegotiationEvery(Seconds s);
  LoadSpec& SdpBytes(int n);
  LoadSpec& IceCandidates(int n);
  // call_burst.
  LoadSpec& Agents(int n);
  LoadSpec& CallRate(double per_s);
  LoadSpec& AcceptShare(double share);
  LoadSpec& RejectShare(double share);
  LoadSpec& AnswerDelay(Seconds min, Seconds max);
  // reconnect_storm.
  LoadSpec& DropShare(double share);
  LoadSpec& DropAfter(Seconds s);
  LoadSpec& DropWindow(Seconds s);
  LoadSpec& ReturnWithin(Seconds s);
  // breaking_point.
  LoadSpec& StepUsers(int n);
  LoadSpec& StepEvery(Seconds s);
  LoadSpec& CapacityFloor(int users_at_least);
  LoadSpec& ExpectCapacity(int exact_users);
  // http_rate, http_mix.
  LoadSpec& RequestRate(double per_s);
  LoadSpec& Paths(std::vector<std::string> paths);
  LoadSpec& UserMix(std::vector<HttpUserType> types);

 private:
  // The flow's block of type P, or null (noting that `what` does not apply to this flow).
  template <typename P>
  P* Block(const char* what);
  MatchParams* Matching(const char* what);
  ChatParams* Chatting(const char* what);
  std::vector<std::string> misapplied_;  // parameters set that the flow does not have
};

// The longest a run of the row should take when the server behaves, in seconds.
double PlannedDurationS(const LoadSpec& row);

}  // namespace swarmgate
