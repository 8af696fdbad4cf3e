// Call burst: a support desk under a rush of call requests. A pool of agents logs in; visitors
// arrive at a constant rate (open model), each connecting and requesting one call. Agents
// accept or reject their share of the calls after a think delay and let the rest ring out
// (the server's ring timeout, 5 s on the reference server). What each call should come to
// follows from the visitor's number, so every outcome is checked against it.
// Guards: setup p95 < 2 s, ring p95 < 200 ms, no call lost, every call ends as told.
#include "scenario_test.h"

namespace swarmgate {
namespace {

const std::vector<std::string> kGates = {
    "call_setup_time p95 < 2s",     "ring_time p95 < 200ms",      "calls_lost count == 0",
    "calls_misanswered count == 0", "connect_failures rate < 1%", "protocol_errors count == 0",
};

// 70 % accepted and 20 % rejected after 0.2-1 s, 10 % left to ring.
LoadSpec Row(std::string name, int agents, double calls_per_s, double seconds) {
  return LoadSpec(std::move(name), Flow::kCallBurst)
      .CallBurst(agents, calls_per_s, seconds)
      .RampS(1)
      .CallShares(0.7, 0.2)
      .AnswerDelayS(0.2, 1)
      .Thresholds(WithServerBudget(kGates));
}

class CallBurst : public ScenarioTest {};
TEST_P(CallBurst, MeetsSlo) { ExpectMeetsSlo(); }

class CallBurstGate : public ScenarioTest {};
TEST_P(CallBurstGate, CatchesFault) { ExpectGateCatchesFault(); }

const LoadSpec kSmoke[] = {Row("Calls2PerS", 5, 2, 10)};
const LoadSpec kCapacity[] = {Row("Calls10PerS2Min", 20, 10, 120),
                              Row("Calls20PerS2Min", 40, 20, 120)};
const LoadSpec kSelftestHealthy[] = {Row("Healthy", 5, 2, 10)};
// 100 calls with 10 % lost: the chance that none is lost is below 3e-5.
const LoadSpec kSelftestFaults[] = {
    Row("CallDrop10Percent", 5, 10, 10)
        .ServerFaults({"--call-drop-rate=0.1"})
        .ExpectViolated({"calls_lost"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, CallBurst, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, CallBurst, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, CallBurst, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, CallBurstGate, ::testing::ValuesIn(kSelftestFaults), RowName);

}  // namespace
}  // namespace swarmgate
