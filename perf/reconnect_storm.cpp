// Reconnect storm: chatting pairs while a share of the users lose their connection (no close
// handshake) within a few seconds of each other, and come back after a random delay to
// resume the match with its token. The history the server restores must end with what each
// returning user sent before the drop, and the partner's messages sent meanwhile are taken
// from it, so no message may be lost. Typing indicators are not sent (see virtual_user.cpp).
// Guards: 90 % of the returns resume, resume p95 < 1 s, no history mismatch, no duplicate
// match, no lost message.
#include "scenario_test.h"

namespace swarmgate {
namespace {

const std::vector<std::string> kGates = {
    "reconnect_success rate >= 90%", "resume_time p95 < 1s",       "history_mismatches count == 0",
    "duplicate_matches count == 0",  "messages_lost count == 0",   "message_latency p95 < 100ms",
    "match_success rate == 100%",    "connect_failures rate < 1%", "protocol_errors count == 0",
};

// share of the users drop at ramp + after + [0, window], back after [0, return_max].
LoadSpec Row(std::string name, int pairs, double ramp_s, double chat_s, double share,
             double after_s, double window_s, double return_max_s) {
  return LoadSpec(std::move(name), Flow::kReconnectStorm)
      .Pairs(pairs)
      .RampS(ramp_s)
      .ChatS(chat_s)
      .MessageIntervalS(1)
      .PayloadBytes(128)
      .Drops(share, after_s, window_s, return_max_s)
      .Thresholds(WithServerBudget(kGates));
}

class ReconnectStorm : public ScenarioTest {};
TEST_P(ReconnectStorm, MeetsSlo) { ExpectMeetsSlo(); }

class ReconnectStormGate : public ScenarioTest {};
TEST_P(ReconnectStormGate, CatchesFault) { ExpectGateCatchesFault(); }

const LoadSpec kSmoke[] = {Row("Pairs50Drop50Percent", 50, 1, 21, 0.5, 2, 4, 8)};
// 2,000 users, half of them dropping within 10 s and back within 25 s (the reference
// server keeps a match 30 s for its missing side).
const LoadSpec kCapacity[] = {Row("Users2000Drop50Percent", 1'000, 20, 70, 0.5, 5, 10, 25)};
const LoadSpec kSelftestHealthy[] = {Row("Healthy", 50, 1, 21, 0.5, 2, 4, 8)};
// Every resume refused: no return succeeds (so resume_time has no sample), and what the
// partners sent meanwhile is lost.
const LoadSpec kSelftestFaults[] = {
    Row("NoResume", 50, 1, 21, 0.5, 2, 4, 8)
        .ServerFaults({"--no-resume=1"})
        .ExpectViolated({"reconnect_success", "resume_time", "messages_lost"}),
};

INSTANTIATE_TEST_SUITE_P(Smoke, ReconnectStorm, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, ReconnectStorm, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, ReconnectStorm, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, ReconnectStormGate, ::testing::ValuesIn(kSelftestFaults),
                         RowName);

}  // namespace
}  // namespace swarmgate
