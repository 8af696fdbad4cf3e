// Soak: a service's traffic mixed and held for SWARMGATE_SOAK_SECONDS. Chatting pairs end
// each chat after a minute and queue again (re-matching churn); beside them, connections
// that live 30 s and come back (reconnect churn) and GETs of /health and /stats at a
// constant rate, each its own swarm on the same server. This family has no flow of its own:
// its rows are rows of the chat, saturate and http_rate flows run together.
// Guards: delivery p95 must not drift (last window / first < 1.5), the server's memory must
// not grow by more than 64 MiB an hour, no connection may close abnormally and no message
// may be lost; each side row keeps its own family's gates.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

LoadSpec Chatting(LoadSpec::Seconds soak) {
  return LoadSpec("ChatRematch", ChatParams())
      .Pairs(200)
      .Ramp(10s)
      .ChatFor(60s)
      .MessageEvery(2s)
      .PayloadBytes(128)
      .RematchFor(soak - 70s)  // the last chats end with the run
      .RematchPause(2s)
      .Window(soak / 6)
      .Thresholds(WithServerBudget(SoakGates()));
}

LoadSpec ReconnectChurn(LoadSpec::Seconds soak) {
  return LoadSpec("ReconnectChurn30s", SaturateParams())
      .Users(200)
      .Ramp(30s)
      .Hold(soak - 30s)
      .ConnectionLifetime(30s)
      .Thresholds({"connect_failures rate < 1%", "connections_dropped count == 0"});
}

LoadSpec HealthChecks(LoadSpec::Seconds soak) {
  return LoadSpec("HealthStats20PerS", HttpRateParams())
      .Users(5)
      .Ramp(1s)
      .Hold(soak - 1s)
      .RequestRate(20)
      .Paths({"/health", "/stats"})
      .Thresholds(
          {"http_latency p95 < 500ms", "http_errors rate < 1%", "http_requests rate >= 98%"});
}

class Mix : public ScenarioTest {};
TEST_P(Mix, MeetsSlo) { ExpectMeetsSlo(); }

const LoadSpec kSoak[] = {
    Chatting(SoakDuration())
        .Alongside(ReconnectChurn(SoakDuration()))
        .Alongside(HealthChecks(SoakDuration())),
};

INSTANTIATE_TEST_SUITE_P(Soak, Mix, ::testing::ValuesIn(kSoak), RowName);

}  // namespace
}  // namespace swarmgate
