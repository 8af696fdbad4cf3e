// HTTP endpoints: GETs at a constant rate against /health and /stats, the way vegeta drives
// them (an open model: request i leaves at its intended time whatever earlier answers did,
// and its latency runs from that time), spread over a pool of keep-alive connections.
// Guards (the dchat field note's k6 thresholds): p95 < 500 ms, p99 < 1 s, fewer than 1 %
// failed, and at least 98 % of the planned requests answered.
#include "scenario_test.h"

namespace swarmgate {
namespace {

const std::vector<std::string> kGates = {
    "http_latency p95 < 500ms",  "http_latency p99 < 1s",      "http_errors rate < 1%",
    "http_requests rate >= 98%", "connect_failures rate < 1%",
};

LoadSpec Row(std::string name, double per_s, double seconds, int connections) {
  return LoadSpec(std::move(name), Flow::kHttpRate)
      .Users(connections)
      .RampS(1)
      .HoldS(seconds)
      .RequestRate(per_s, {"/health", "/stats"})
      .Thresholds(WithServerBudget(kGates));
}

// The dchat field note's Locust user classes, weighted 10 : 1 : 0.5: normal users wait 1-3 s
// between requests; heavy users send bursts of 5 requests 100 ms apart every 0.5-1.5 s;
// burst users send 10-20 requests 50 ms apart every 5-10 s.
const std::vector<HttpUserType> kDchatUsers = {
    {"normal", 10, 1, 3, 1, 1, 0},
    {"heavy", 1, 0.5, 1.5, 5, 5, 0.1},
    {"burst", 0.5, 5, 10, 10, 20, 0.05},
};

LoadSpec Mix(std::string name, int users, double seconds) {
  return LoadSpec(std::move(name), Flow::kHttpMix)
      .Users(users)
      .RampS(1)
      .HoldS(seconds)
      .UserMix(kDchatUsers, {"/health", "/stats"})
      .Thresholds(WithServerBudget(kGates));
}

class Http : public ScenarioTest {};
TEST_P(Http, MeetsSlo) { ExpectMeetsSlo(); }

class HttpGate : public ScenarioTest {};
TEST_P(HttpGate, CatchesFault) { ExpectGateCatchesFault(); }

const LoadSpec kSmoke[] = {Row("HealthStats50PerS", 50, 10, 10), Mix("DchatMix100Users", 100, 10)};
const LoadSpec kCapacity[] = {Row("HealthStats500PerS", 500, 60, 50),
                              Row("HealthStats2000PerS", 2'000, 60, 100),
                              Mix("DchatMix2000Users", 2'000, 60)};
const LoadSpec kSelftestHealthy[] = {Row("Healthy", 50, 10, 50)};
const LoadSpec kSelftestFaults[] = {
    // Every answer 600 ms late (one request per connection per second: no queueing).
    Row("Slow600ms", 50, 10, 50)
        .ServerFaults({"--http-delay-ms=600"})
        .ExpectViolated({"http_latency"}),
    Row("Errors5Percent", 50, 10, 50)
        .ServerFaults({"--http-error-rate=0.05"})
        .ExpectViolated({"http_errors"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, Http, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, Http, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, Http, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, HttpGate, ::testing::ValuesIn(kSelftestFaults), RowName);

}  // namespace
}  // namespace swarmgate
