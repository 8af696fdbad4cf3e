// Soak: the field's traffic mixed and held for SWARMGATE_SOAK_SECONDS. Chatting pairs end
// each chat after a minute and queue again (re-matching churn); beside them, connections
// that live 30 s and come back (reconnect churn) and GETs of /health and /stats at a
// constant rate, each its own swarm on the same server.
// Guards: delivery p95 must not drift (last window / first < 1.5), the server's memory must
// not grow by more than 64 MiB an hour, no connection may close abnormally and no message
// may be lost; each side row keeps its own family's gates.
#include "scenario_test.h"

namespace swarmgate {
namespace {

LoadSpec Chatting(double seconds) {
  return LoadSpec("ChatRematch", Flow::kChat)
      .Pairs(200)
      .RampS(10)
      .ChatS(60)
      .MessageIntervalS(2)
      .PayloadBytes(128)
      .RematchForS(seconds - 70)  // the last chats end with the run
      .RematchPauseS(2)
      .WindowS(seconds / 6)
      .Thresholds(WithServerBudget({
          "message_latency p95 < 100ms",
          "message_latency drift < 1.5",
          "typing_latency p95 < 200ms",
          "messages_lost count == 0",
          "connections_dropped count == 0",
          "match_success rate >= 95%",
          "protocol_errors count == 0",
          "server_rss growth < 64MiB/h",
      }));
}

LoadSpec ReconnectChurn(double seconds) {
  return LoadSpec("ReconnectChurn30s", Flow::kSaturate)
      .Users(200)
      .RampS(30)
      .HoldS(seconds - 30)
      .ConnectionLifetimeS(30)
      .Thresholds({"connect_failures rate < 1%", "connections_dropped count == 0"});
}

LoadSpec HealthChecks(double seconds) {
  return LoadSpec("HealthStats20PerS", Flow::kHttpRate)
      .Users(5)
      .RampS(1)
      .HoldS(seconds - 1)
      .RequestRate(20, {"/health", "/stats"})
      .Thresholds(
          {"http_latency p95 < 500ms", "http_errors rate < 1%", "http_requests rate >= 98%"});
}

class Mix : public ScenarioTest {};
TEST_P(Mix, MeetsSlo) { ExpectMeetsSlo(); }

const LoadSpec kSoak[] = {
    Chatting(SoakSeconds())
        .Alongside(ReconnectChurn(SoakSeconds()))
        .Alongside(HealthChecks(SoakSeconds())),
};

INSTANTIATE_TEST_SUITE_P(Soak, Mix, ::testing::ValuesIn(kSoak), RowName);

}  // namespace
}  // namespace swarmgate
