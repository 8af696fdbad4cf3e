// Breaking point: chatting users are added in steps (step_users more every step_s) until a
// step breaks (its window's message_latency p95 reaches 100 ms, or more than 1 % of the users
// hit an error) or the cap is reached. The capacity is the last step that held; the row
// asserts it against a floor, and the server must still answer /health afterwards. A step in
// which the swarm itself lagged ends the search as the generator's limit, not the server's.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

// The row's users are the cap; each step's users ramp in and send a typing indicator and a
// 128-byte message every interval until the last step has run.
LoadSpec Row(std::string name, int cap_users) {
  return LoadSpec(std::move(name), BreakingPointParams()).Users(cap_users).PayloadBytes(128);
}

class BreakingPoint : public ScenarioTest {};
TEST_P(BreakingPoint, MeetsSlo) { ExpectMeetsSlo(); }

// +2,000 users every 20 s up to 18,000 (one swarm process may hold no more under the
// open-files limit of 20,000), each sending a message and a typing indicator every second.
const LoadSpec kCapacity[] = {
    Row("ReferenceServer", 18'000)
        .StepUsers(2'000)
        .StepEvery(20s)
        .Ramp(5s)
        .MessageEvery(1s)
        .CapacityFloor(4'000),
};
// The server refuses connections beyond 500: steps of 200 hold at 200 and 400, and the step
// to 600 breaks on its 100 refused connects. The capacity must come out at exactly 400.
const LoadSpec kSelftest[] = {
    Row("MaxConns500", 1'000)
        .StepUsers(200)
        .StepEvery(5s)
        .Ramp(1s)
        .MessageEvery(500ms)
        .ServerFaults({"--max-conns=500"})
        .ExpectCapacity(400),
};

INSTANTIATE_TEST_SUITE_P(Capacity, BreakingPoint, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, BreakingPoint, ::testing::ValuesIn(kSelftest), RowName);

}  // namespace
}  // namespace swarmgate
