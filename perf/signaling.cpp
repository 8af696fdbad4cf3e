// Signaling: matched pairs set up WebRTC calls through the server. Each interval the caller
// sends an offer (an SDP of ~2 KB) and its ICE candidates; the callee answers at once with an
// answer and its own candidates. Every signal is stamped, so the partner records one-way
// latency (an answer's from the offer's arrival) and the pair join counts what never came.
// Guards: signal delivery p95 < 100 ms, no signal lost.
#include "scenario_test.h"

namespace swarmgate {
namespace {

const std::vector<std::string> kGates = {
    "signal_latency p95 < 100ms", "signals_lost count == 0",    "signals_duplicated count == 0",
    "match_success rate == 100%", "connect_failures rate < 1%", "protocol_errors count == 0",
};

LoadSpec Row(std::string name, int pairs, double ramp_s, double chat_s, double interval_s) {
  return LoadSpec(std::move(name), Flow::kSignaling)
      .Pairs(pairs)
      .RampS(ramp_s)
      .ChatS(chat_s)
      .MessageIntervalS(interval_s)
      .PayloadBytes(2'048)
      .IceCandidates(8)
      .Thresholds(WithServerBudget(kGates));
}

class Signaling : public ScenarioTest {};
TEST_P(Signaling, MeetsSlo) { ExpectMeetsSlo(); }

class SignalingGate : public ScenarioTest {};
TEST_P(SignalingGate, CatchesFault) { ExpectGateCatchesFault(); }

// A negotiation every 2 s (smoke) or 3 s (capacity): 18 signals per pair and round.
// The same row against the bundled Socket.IO server, through its profile.
const LoadSpec kSmoke[] = {
    Row("Pairs10", 10, 1, 10, 2),
    Row("Pairs10SocketIo", 10, 1, 10, 2).WireProfile("socketio-random-chat")};
const LoadSpec kCapacity[] = {Row("Rooms500", 500, 10, 60, 3)};
const LoadSpec kSoak[] = {
    Row("Rooms200", 200, 10, SoakSeconds(), 3)
        .WindowS(SoakSeconds() / 6)
        .MoreThresholds({"signal_latency drift < 1.5", "server_rss growth < 64MiB/h"})};
const LoadSpec kSelftestHealthy[] = {Row("Healthy", 10, 1, 10, 2)};
// About 900 signals at 2 % dropped: the chance that none is dropped is below 1e-7.
const LoadSpec kSelftestFaults[] = {
    Row("SignalDrop2Percent", 10, 1, 10, 2)
        .ServerFaults({"--signal-drop-rate=0.02"})
        .ExpectViolated({"signals_lost"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, Signaling, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, Signaling, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Soak, Signaling, ::testing::ValuesIn(kSoak), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, Signaling, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, SignalingGate, ::testing::ValuesIn(kSelftestFaults), RowName);

}  // namespace
}  // namespace swarmgate
