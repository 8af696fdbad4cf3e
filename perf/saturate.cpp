// Saturate: how many idle WebSocket connections the server holds. Each virtual user connects
// on a ramp, holds its connection idle until the end of the hold, then closes.
// Guards: connections succeed (< 1 % failures), the handshake is fast (p95 < 1 s), and no
// held connection is dropped.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kGates = SaturateGates();

LoadSpec Row(std::string name, int connections) {
  return LoadSpec(std::move(name), SaturateParams())
      .Users(connections)
      .Thresholds(WithServerBudget(kGates));
}

class Saturate : public ScenarioTest {};
TEST_P(Saturate, MeetsSlo) { ExpectMeetsSlo(); }

class SaturateGate : public ScenarioTest {};
TEST_P(SaturateGate, CatchesFault) { ExpectGateCatchesFault(); }

const LoadSpec kSmoke[] = {Row("Conns200", 200).Ramp(2s).Hold(5s)};
const LoadSpec kCapacity[] = {Row("Conns10k", 10'000).Ramp(30s).Hold(60s)};
// The generator's own figures (ci/generator-benchmark.sh): every user connects at once, so
// the connect rate is the swarm's (with the server's), not a ramp's pace.
// The cost of TLS (ci/generator-benchmark.sh): the same 5,000 connections at 500 a second,
// plain and over TLS (full handshakes for the first, resumed ones after).
const LoadSpec kBenchmark[] = {
    Row("Conns10kAtOnce", 10'000).Ramp(0s).Hold(20s),
    Row("Conns5000Ramp10s", 5'000).Ramp(10s).Hold(10s),
    Row("Conns5000Ramp10sTls", 5'000).Ramp(10s).Hold(10s).BundledTls("private-ca"),
    // The client's CPU per connect next to the kernel's floor measured in the same run
    // (ci/generator-benchmark.sh), on two workloads other load tools are compared on: W1,
    // 5,000 connections at 500 a second, and W3, 18,000 at 600 a second, each held 30 s and
    // 45 s from its own opening.
    Row("W1Conns5000At500PerS", 5'000)
        .Ramp(10s)
        .Hold(30s)
        .HoldEachFromItsOpening()
        .MeasureKernelFloor(),
    Row("W3Conns18000At600PerS", 18'000)
        .Ramp(30s)
        .Hold(45s)
        .HoldEachFromItsOpening()
        .MeasureKernelFloor(),
};
// Held for hours, the server's memory must stay flat.
const LoadSpec kSoak[] = {Row("Conns5k", 5'000)
                              .Ramp(30s)
                              .Hold(SoakDuration())
                              .Window(SoakDuration() / 6)
                              .MoreThresholds({"server_rss growth < 64MiB/h"})};

// Connections come and go: each lives 1 s and its user connects again, ~200 new connections
// a second for 30 s. A healthy server's memory stays flat; one that leaks 16 KiB per
// connection grows by about 11 GiB an hour.
LoadSpec Churn(std::string name) {
  return Row(std::move(name), 200)
      .Ramp(2s)
      .Hold(30s)
      .ConnectionLifetime(1s)
      .MoreThresholds({"server_rss growth < 256MiB/h"});
}

const LoadSpec kSelftestHealthy[] = {Row("Healthy", 200).Ramp(2s).Hold(5s), Churn("ChurnHealthy")};
const LoadSpec kSelftestFaults[] = {
    Row("Refuse5Percent", 200)
        .Ramp(2s)
        .Hold(5s)
        .ServerFaults({"--refuse-rate=0.05"})
        .ExpectViolated({"connect_failures"}),
    Churn("ChurnLeak16KiBPerConnection")
        .ServerFaults({"--leak-kb-per-conn=16"})
        .ExpectViolated({"server_rss"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, Saturate, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, Saturate, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Benchmark, Saturate, ::testing::ValuesIn(kBenchmark), RowName);
INSTANTIATE_TEST_SUITE_P(Soak, Saturate, ::testing::ValuesIn(kSoak), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, Saturate, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, SaturateGate, ::testing::ValuesIn(kSelftestFaults), RowName);

}  // namespace
}  // namespace swarmgate
