// Matchmaking: strangers asking to be paired. Each virtual user connects, identifies, sends
// find_match, accepts the match it is offered and waits for the chat to start; one side of
// each pair then leaves and the other must be told.
// Guards: pairing p95 < 1 s from find_match to the match notice, nearly every request ends in
// a started chat, nobody is matched twice or with a partner who was told another name.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

LoadSpec Row(std::string name, int users, const char* min_success) {
  return LoadSpec(std::move(name), MatchmakingParams())
      .Users(users)
      .Thresholds(WithServerBudget(MatchmakingGates(min_success)));
}

class Matchmaking : public ScenarioTest {};
TEST_P(Matchmaking, MeetsSlo) { ExpectMeetsSlo(); }

class MatchmakingGate : public ScenarioTest {};
TEST_P(MatchmakingGate, CatchesFault) { ExpectGateCatchesFault(); }

class MatchmakingRegression : public ScenarioTest {};
TEST_P(MatchmakingRegression, TenHealthyRunsHoldAndASlowerServerBreaks) {
  ExpectRegressionCaught(10, {"--match-delay-ms=60"});
}

class MatchmakingAccuracy : public ScenarioTest {};
TEST_P(MatchmakingAccuracy, MatchesGroundTruth) { ExpectMatchesGroundTruth(); }

// The same row against the bundled Socket.IO v4 server and HTTP relay, through their profiles.
const LoadSpec kSmoke[] = {
    Row("Pairs50", 100, "100%").Ramp(2s),
    Row("Pairs50SocketIo", 100, "100%").Ramp(2s).WireProfile("socketio-random-chat"),
    Row("Pairs50Http", 100, "100%")
        .Ramp(2s)
        .WireProfile("http-relay-chat")
        .MoreThresholds(kHttpGates),
};
const LoadSpec kCapacity[] = {
    // All connected first, then 1,000 find_match requests within the same second.
    Row("Users1000SameSecond", 1'000, "95%").Ramp(10s).MatchWindow(1s),
    // Users arrive over a minute, ask for a match as soon as they are identified and stay
    // 30 s in the chat (no messages), as in the field's text-chat test: ~2,500 at once.
    Row("Users5000Ramp60s", 5'000, "95%").Ramp(60s).ChatFor(30s),
};
const LoadSpec kSoak[] = {
    // Continuous re-matching: every chat ends after its start and both sides queue again.
    // Pairing must not slow down over the hours, nor the server's memory grow.
    Row("Rematch200", 200, "95%")
        .Ramp(5s)
        .RematchFor(SoakDuration())
        .RematchPause(2s)
        .Window(SoakDuration() / 6)
        .MoreThresholds({"pairing_time drift < 1.5", "server_rss growth < 64MiB/h"}),
};
const LoadSpec kSelftestHealthy[] = {Row("Healthy", 100, "100%").Ramp(2s)};
const LoadSpec kSelftestFaults[] = {
    Row("MatchDelay1500ms", 100, "100%")
        .Ramp(2s)
        .ServerFaults({"--match-delay-ms=1500"})
        .ExpectViolated({"pairing_time"}),
    Row("DuplicateMatch10Percent", 100, "100%")
        .Ramp(2s)
        .ServerFaults({"--duplicate-match-rate=0.1"})
        .ExpectViolated({"duplicate_matches"}),
    // A server that pairs differing profiles and names partners by username. 50 pairings at
    // 20 %: the chance that none is announced twice is about 1e-5.
    Row("GenderMatchDuplicate20Percent", 100, "100%")
        .Ramp(2s)
        .WireProfile("ws-gender-match")
        .ServerFaults({"--duplicate-match-rate=0.2"})
        .ExpectViolated({"duplicate_matches"}),
};
// The regression gate: pairing takes the server's 50 ms, and users re-match at once for 9 s,
// so each run gives a p95 per second of ~51 ms. Ten such runs never break "regress < 10%";
// a server 10 ms (20 %) slower does, while the fixed 1 s bound still holds. As in the soak's
// re-matching row, 95 % of requests must start a chat: a request sent as the loop ends can
// find no partner left to match (a few of some 17,000 requests broke a 100 % bound in CI).
const LoadSpec kSelftestRegression[] = {
    Row("Rematch100Delay50ms", 100, "95%")
        .Ramp(1s)
        .RematchFor(9s)
        .RematchPause(0s)
        .Drain(0s)
        .ServerFaults({"--match-delay-ms=50"})
        .MoreThresholds({"pairing_time p95 regress < 10%"}),
};
// The server announces each match after a uniform 200-1000 ms. Users re-match at once after
// each chat starts, so partners reach the queue together and pairing time is the injected
// delay; ~13,000 matches in 40 s put the median's sampling error near a fifth of the tolerance.
const LoadSpec kSelftestAccuracy[] = {
    Row("MatchUniform200To1000ms", 400, "100%")
        .Ramp(2s)
        .RematchFor(40s)
        .RematchPause(0s)
        .Drain(0s)
        .ServerFaults({"--match-delay-ms=200", "--match-jitter-ms=800"})
        .ExpectPercentile("pairing_time", 50, UniformPercentile(200, 1000, 50))
        .ExpectPercentile("pairing_time", 95, UniformPercentile(200, 1000, 95)),
};

INSTANTIATE_TEST_SUITE_P(Smoke, Matchmaking, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, Matchmaking, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Soak, Matchmaking, ::testing::ValuesIn(kSoak), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, Matchmaking, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, MatchmakingGate, ::testing::ValuesIn(kSelftestFaults), RowName);
INSTANTIATE_TEST_SUITE_P(SelftestRuns, MatchmakingRegression,
                         ::testing::ValuesIn(kSelftestRegression), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, MatchmakingAccuracy, ::testing::ValuesIn(kSelftestAccuracy),
                         RowName);

}  // namespace
}  // namespace swarmgate
