// Signaling: matched pairs set up WebRTC calls through the server. Each interval the caller
// sends an offer (an SDP of ~2 KB) and its ICE candidates; the callee answers at once with an
// answer and its own candidates. Every signal is stamped, so the partner records one-way
// latency (an answer's from the offer's arrival) and the pair join counts what never came.
// Guards: signal delivery p95 < 100 ms, no signal lost.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kGates = SignalingGates();

// 2 KB SDPs and 8 ICE candidates per offer and per answer: 18 signals per pair and round.
LoadSpec Row(std::string name, int pairs) {
  return LoadSpec(std::move(name), SignalingParams())
      .Pairs(pairs)
      .SdpBytes(2'048)
      .IceCandidates(8)
      .Thresholds(WithServerBudget(kGates));
}

// The smoke and self-test shape: 10 pairs for 10 s, a negotiation every 2 s.
LoadSpec Small(std::string name) {
  return Row(std::move(name), 10).Ramp(1s).ChatFor(10s).NegotiationEvery(2s);
}

// Smoke: the same, for 8 s (every family shares the tier's 4 minutes).
LoadSpec SmokeRow(std::string name) { return Small(std::move(name)).ChatFor(8s); }

class Signaling : public ScenarioTest {};
TEST_P(Signaling, MeetsSlo) { ExpectMeetsSlo(); }

class SignalingGate : public ScenarioTest {};
TEST_P(SignalingGate, CatchesFault) { ExpectGateCatchesFault(); }

// The same row against the bundled Socket.IO server, and a relay with no matchmaking (the
// swarm pairs users, who address each other by the ids in their URLs), through their profiles.
const LoadSpec kSmoke[] = {
    SmokeRow("Pairs10"),
    SmokeRow("Pairs10SocketIo").WireProfile("socketio-random-chat"),
    SmokeRow("Pairs10SignalingRelay").WireProfile("ws-signaling-relay"),
};
const LoadSpec kCapacity[] = {
    Row("Rooms500", 500).Ramp(10s).ChatFor(60s).NegotiationEvery(3s),
};
const LoadSpec kSoak[] = {
    Row("Rooms200", 200)
        .Ramp(10s)
        .ChatFor(SoakDuration())
        .NegotiationEvery(3s)
        .Window(SoakDuration() / 6)
        .MoreThresholds({"signal_latency drift < 1.5", "server_rss growth < 64MiB/h"}),
};
const LoadSpec kSelftestHealthy[] = {Small("Healthy")};
// About 900 signals at 2 % dropped: the chance that none is dropped is below 1e-7.
const LoadSpec kSelftestFaults[] = {
    Small("SignalDrop2Percent")
        .ServerFaults({"--signal-drop-rate=0.02"})
        .ExpectViolated({"signals_lost"}),
    Small("SignalingRelayDrop2Percent")
        .WireProfile("ws-signaling-relay")
        .ServerFaults({"--drop-rate=0.02"})
        .ExpectViolated({"signals_lost"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, Signaling, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, Signaling, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Soak, Signaling, ::testing::ValuesIn(kSoak), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, Signaling, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, SignalingGate, ::testing::ValuesIn(kSelftestFaults), RowName);

}  // namespace
}  // namespace swarmgate
