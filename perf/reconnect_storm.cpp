// Reconnect storm: chatting pairs while a share of the users lose their connection (no close
// handshake) within a few seconds of each other, and come back after a random delay to
// resume the match with its token. The history the server restores must end with what each
// returning user sent before the drop, and the partner's messages sent meanwhile are taken
// from it, so no message may be lost. No typing indicators are sent (they carry no sequence).
// Guards: 90 % of the returns resume, resume p95 < 1 s, no history mismatch, no duplicate
// match, no lost message.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kGates = ReconnectGates();

// A message every second; half the users drop.
LoadSpec Row(std::string name, int pairs) {
  return LoadSpec(std::move(name), ReconnectStormParams())
      .Pairs(pairs)
      .MessageEvery(1s)
      .PayloadBytes(128)
      .DropShare(0.5)
      .Thresholds(WithServerBudget(kGates));
}

// The smoke and self-test shape: 50 pairs chatting 21 s; drops within 2-6 s of the ramp's
// end, each back within 8 s.
LoadSpec Small(std::string name) {
  return Row(std::move(name), 50)
      .Ramp(1s)
      .ChatFor(21s)
      .DropAfter(2s)
      .DropWindow(4s)
      .ReturnWithin(8s);
}

class ReconnectStorm : public ScenarioTest {};
TEST_P(ReconnectStorm, MeetsSlo) { ExpectMeetsSlo(); }

class ReconnectStormGate : public ScenarioTest {};
TEST_P(ReconnectStormGate, CatchesFault) { ExpectGateCatchesFault(); }

const LoadSpec kSmoke[] = {Small("Pairs50Drop50Percent")};
// 2,000 users, half of them dropping within 10 s and back within 25 s (the reference
// server keeps a match 30 s for its missing side).
const LoadSpec kCapacity[] = {
    Row("Users2000Drop50Percent", 1'000)
        .Ramp(20s)
        .ChatFor(70s)
        .DropAfter(5s)
        .DropWindow(10s)
        .ReturnWithin(25s),
};
// A healthy server whose history holds message objects ({"from", "text"}), not texts.
const LoadSpec kSelftestHealthy[] = {
    Small("Healthy"),
    Small("HealthyHistoryObjects").ServerFaults({"--history-format=objects"}),
};
// Every resume refused: no return succeeds (so resume_time has no sample), and what the
// partners sent meanwhile is lost. A history without the user's own messages breaks only the
// history check (they reached the partner).
const LoadSpec kSelftestFaults[] = {
    Small("NoResume")
        .ServerFaults({"--no-resume=1"})
        .ExpectViolated({"reconnect_success", "resume_time", "messages_lost"}),
    Small("HistoryWithoutOwn")
        .ServerFaults({"--history-without-own=1"})
        .ExpectViolated({"history_mismatches"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, ReconnectStorm, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, ReconnectStorm, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, ReconnectStorm, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, ReconnectStormGate, ::testing::ValuesIn(kSelftestFaults),
                         RowName);

}  // namespace
}  // namespace swarmgate
