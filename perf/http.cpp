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

class Http : public ScenarioTest {};
TEST_P(Http, MeetsSlo) { ExpectMeetsSlo(); }

class HttpGate : public ScenarioTest {};
TEST_P(HttpGate, CatchesFault) { ExpectGateCatchesFault(); }

const LoadSpec kSmoke[] = {Row("HealthStats50PerS", 50, 10, 10)};
const LoadSpec kCapacity[] = {Row("HealthStats500PerS", 500, 60, 50),
                              Row("HealthStats2000PerS", 2'000, 60, 100)};
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
