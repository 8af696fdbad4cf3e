// HTTP user mix: users of weighted types, each with its own bursts and think times, the way
// Locust user classes model a chat service's HTTP side. A user's request times are chained
// from its previous intended time and drawn from a generator seeded by its index, so the
// plan is counted before the run and a slow server cannot slow the schedule.
// Guards: p95 < 500 ms, p99 < 1 s, fewer than 1 % failed, at least 98 % of the plan answered.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

// A chat service's user classes, weighted 10 : 1 : 0.5: normal users wait 1-3 s between
// requests; heavy users send bursts of 5 requests 100 ms apart every 0.5-1.5 s; burst users
// send 10-20 requests 50 ms apart every 5-10 s.
const std::vector<HttpUserType> kChatServiceUsers = {
    {"normal", 10, 1, 3, 1, 1, 0},
    {"heavy", 1, 0.5, 1.5, 5, 5, 0.1},
    {"burst", 0.5, 5, 10, 10, 20, 0.05},
};

LoadSpec Row(std::string name, int users) {
  return LoadSpec(std::move(name), HttpMixParams())
      .Users(users)
      .Ramp(1s)
      .BundledOnly()  // GETs the reference server's own /health and /stats
      .UserMix(kChatServiceUsers)
      .Paths({"/health", "/stats"})
      .Thresholds(WithServerBudget(HttpEndpointGates()));
}

class HttpMix : public ScenarioTest {};
TEST_P(HttpMix, MeetsSlo) { ExpectMeetsSlo(); }

const LoadSpec kSmoke[] = {Row("UserMix100", 100).Hold(10s)};
const LoadSpec kCapacity[] = {Row("UserMix2000", 2'000).Hold(60s)};

INSTANTIATE_TEST_SUITE_P(Smoke, HttpMix, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, HttpMix, ::testing::ValuesIn(kCapacity), RowName);

}  // namespace
}  // namespace swarmgate
