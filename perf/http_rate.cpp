// HTTP endpoints at a constant rate: GETs of /health and /stats the way vegeta drives them (an
// open model: request i leaves at its intended time whatever earlier answers did, and its
// latency runs from that time), spread over a pool of keep-alive connections.
// Guards (the usual k6 thresholds of HTTP chat services): p95 < 500 ms, p99 < 1 s, fewer than
// 1 % failed, and at least 98 % of the planned requests answered.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

// `connections` keep-alive connections, opened over a second.
LoadSpec Row(std::string name, int connections) {
  return LoadSpec(std::move(name), HttpRateParams())
      .Users(connections)
      .Ramp(1s)
      .BundledOnly()  // GETs the reference server's own /health and /stats
      .Paths({"/health", "/stats"})
      .Thresholds(WithServerBudget(HttpEndpointGates()));
}

class HttpRate : public ScenarioTest {};
TEST_P(HttpRate, MeetsSlo) { ExpectMeetsSlo(); }

class HttpRateGate : public ScenarioTest {};
TEST_P(HttpRateGate, CatchesFault) { ExpectGateCatchesFault(); }

// HealthStats50PerSTls: the same over https://, certificates made for the run.
const LoadSpec kSmoke[] = {
    Row("HealthStats50PerS", 10).RequestRate(50).Hold(10s),
    Row("HealthStats50PerSTls", 10).RequestRate(50).Hold(10s).BundledTls("private-ca"),
};
const LoadSpec kCapacity[] = {Row("HealthStats500PerS", 50).RequestRate(500).Hold(60s),
                              Row("HealthStats2000PerS", 100).RequestRate(2'000).Hold(60s)};
const LoadSpec kSelftestHealthy[] = {Row("Healthy", 50).RequestRate(50).Hold(10s)};
const LoadSpec kSelftestFaults[] = {
    // Every answer 600 ms late (one request per connection per second: no queueing).
    Row("Slow600ms", 50)
        .RequestRate(50)
        .Hold(10s)
        .ServerFaults({"--http-delay-ms=600"})
        .ExpectViolated({"http_latency"}),
    Row("Errors5Percent", 50)
        .RequestRate(50)
        .Hold(10s)
        .ServerFaults({"--http-error-rate=0.05"})
        .ExpectViolated({"http_errors"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, HttpRate, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, HttpRate, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, HttpRate, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, HttpRateGate, ::testing::ValuesIn(kSelftestFaults), RowName);

}  // namespace
}  // namespace swarmgate
