// Call burst: a support desk under a rush of call requests. A pool of agents logs in; visitors
// arrive at a constant rate (open model), each connecting and requesting one call. Agents
// accept or reject their share of the calls after a think delay and let the rest ring out
// (the server's ring timeout, 5 s on the reference server). What each call should come to
// follows from the visitor's number, so every outcome is checked against it.
// Guards: setup p95 < 2 s, ring p95 < 200 ms, no call lost, every call ends as told.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kGates = CallGates();

// Agents connect over a second; visitors (the row's other users) arrive at the call rate.
// 70 % of the calls are accepted and 20 % rejected after 0.2-1 s, 10 % ring out.
LoadSpec Row(std::string name) {
  return LoadSpec(std::move(name), CallBurstParams())
      .Ramp(1s)
      .AcceptShare(0.7)
      .RejectShare(0.2)
      .AnswerDelay(200ms, 1s)
      .Thresholds(WithServerBudget(kGates));
}

class CallBurst : public ScenarioTest {};
TEST_P(CallBurst, MeetsSlo) { ExpectMeetsSlo(); }

class CallBurstGate : public ScenarioTest {};
TEST_P(CallBurstGate, CatchesFault) { ExpectGateCatchesFault(); }

// Users are agents + visitors: 20 visitors at 2 calls/s arrive over 10 s.
const LoadSpec kSmoke[] = {Row("Calls2PerS").Agents(5).CallRate(2).Users(5 + 20)};
const LoadSpec kCapacity[] = {Row("Calls10PerS2Min").Agents(20).CallRate(10).Users(20 + 1'200),
                              Row("Calls20PerS2Min").Agents(40).CallRate(20).Users(40 + 2'400)};
const LoadSpec kSelftestHealthy[] = {Row("Healthy").Agents(5).CallRate(2).Users(5 + 20)};
// 100 calls with 10 % lost: the chance that none is lost is below 3e-5.
const LoadSpec kSelftestFaults[] = {
    Row("CallDrop10Percent")
        .Agents(5)
        .CallRate(10)
        .Users(5 + 100)
        .ServerFaults({"--call-drop-rate=0.1"})
        .ExpectViolated({"calls_lost"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, CallBurst, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, CallBurst, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, CallBurst, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, CallBurstGate, ::testing::ValuesIn(kSelftestFaults), RowName);

}  // namespace
}  // namespace swarmgate
