// The example's scenario file: its rows as a table, run by CTest against the server named by
// SWARMGATE_TARGET (the example's own pair_server), through the example's profile.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

// 20 pairs, a 128-byte message every 500 ms each for 6 s, with the shipped chat gates.
LoadSpec Chat(std::string name, int pairs) {
  return LoadSpec(std::move(name), ChatParams())
      .Pairs(pairs)
      .Ramp(1s)
      .ChatFor(6s)
      .MessageEvery(500ms)
      .PayloadBytes(128)
      .WireProfile(PAIRING_SERVICE_PROFILE)
      .Thresholds(ChatGates())
      .MoreThresholds({"message_latency p99 < 50ms"});
}

class PairingService : public ScenarioTest {};
TEST_P(PairingService, MeetsSlo) { ExpectMeetsSlo(); }

const LoadSpec kSmoke[] = {Chat("Pairs20", 20)};
INSTANTIATE_TEST_SUITE_P(Smoke, PairingService, ::testing::ValuesIn(kSmoke), RowName);

}  // namespace
}  // namespace swarmgate
