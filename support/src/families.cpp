#include "swarmgate/families.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

LoadSpec Saturate(std::string name) {
  return LoadSpec(std::move(name), SaturateParams())
      .Users(100)
      .Ramp(10s)
      .Hold(30s)
      .HoldEachFromItsOpening()
      .Thresholds(WithServerBudget(SaturateGates()));
}

LoadSpec Match(std::string name) {
  return LoadSpec(std::move(name), MatchmakingParams())
      .Pairs(50)
      .Ramp(5s)
      .Thresholds(WithServerBudget(MatchmakingGates("100%")));
}

LoadSpec Chat(std::string name) {
  return LoadSpec(std::move(name), ChatParams())
      .Pairs(10)
      .Ramp(5s)
      .ChatFor(30s)
      .MessageEvery(1s)
      .PayloadBytes(128)
      .Thresholds(WithServerBudget(ChatGates()));
}

LoadSpec Signaling(std::string name) {
  return LoadSpec(std::move(name), SignalingParams())
      .Pairs(10)
      .Ramp(5s)
      .ChatFor(20s)
      .NegotiationEvery(2s)
      .Thresholds(WithServerBudget(SignalingGates()));
}

LoadSpec Calls(std::string name) {
  return LoadSpec(std::move(name), CallBurstParams())
      .Agents(5)
      .Users(5 + 20)
      .CallRate(2)
      .Ramp(1s)
      .Thresholds(WithServerBudget(CallGates()));
}

LoadSpec Reconnect(std::string name) {
  return LoadSpec(std::move(name), ReconnectStormParams())
      .Pairs(50)
      .Ramp(1s)
      .ChatFor(21s)
      .MessageEvery(1s)
      .PayloadBytes(128)
      .DropShare(0.5)
      .DropAfter(2s)
      .DropWindow(4s)
      .ReturnWithin(8s)
      .Thresholds(WithServerBudget(ReconnectGates()));
}

LoadSpec Http(std::string name) {
  return LoadSpec(std::move(name), HttpRateParams())
      .Users(10)
      .Ramp(1s)
      .RequestRate(50)
      .Hold(10s)
      .Paths({"/health", "/stats"})
      .Thresholds(WithServerBudget(HttpEndpointGates()));
}

LoadSpec BreakingPoint(std::string name) {
  return LoadSpec(std::move(name), BreakingPointParams())
      .Users(4'000)
      .StepUsers(1'000)
      .StepEvery(20s)
      .Ramp(5s)
      .MessageEvery(1s)
      .PayloadBytes(128);
}

// Chatting pairs that end each chat after a minute and queue again for half an hour.
LoadSpec Soak(std::string name) {
  return LoadSpec(std::move(name), ChatParams())
      .Pairs(100)
      .Ramp(10s)
      .ChatFor(60s)
      .MessageEvery(2s)
      .PayloadBytes(128)
      .RematchFor(30min)
      .RematchPause(2s)
      .Window(5min)
      .Thresholds(WithServerBudget(SoakGates()));
}

}  // namespace

const std::vector<Family>& Families() {
  static const std::vector<Family> families = {
      {"saturate", "connections opened on a ramp and held idle", Saturate},
      {"match", "strangers asking for a partner: pairing time and fairness", Match},
      {"chat", "matched pairs typing and messaging: one-way delivery", Chat},
      {"signaling", "WebRTC offers, answers and ICE candidates relayed between partners",
       Signaling},
      {"calls", "visitors requesting calls that agents accept, reject or let ring", Calls},
      {"reconnect", "chatting users dropping and resuming their match", Reconnect},
      {"http", "HTTP GETs at a constant rate over keep-alive connections", Http},
      {"breaking-point", "chatting users added in steps until delivery degrades", BreakingPoint},
      {"soak", "chats ending and re-matching for a long time: drift and memory growth", Soak},
  };
  return families;
}

const Family* FamilyNamed(std::string_view name) {
  for (const Family& family : Families()) {
    if (family.name == name) return &family;
  }
  return nullptr;
}

std::string_view FamilyOf(Flow flow) {
  switch (flow) {
    case Flow::kSaturate:
      return "saturate";
    case Flow::kMatchmaking:
      return "match";
    case Flow::kChat:
      return "chat";
    case Flow::kSignaling:
      return "signaling";
    case Flow::kCallBurst:
      return "calls";
    case Flow::kReconnectStorm:
      return "reconnect";
    case Flow::kBreakingPoint:
      return "breaking-point";
    case Flow::kHttpRate:
    case Flow::kHttpMix:
      return "http";
  }
  return "";
}

std::vector<std::string> WithServerBudget(std::vector<std::string> gates) {
  gates.emplace_back("server_rss max < 2GiB");
  gates.emplace_back("server_cpu mean < 50%");
  return gates;
}

std::vector<std::string> SaturateGates() {
  return {"connect_failures rate < 1%", "connect_time p95 < 1s", "connections_dropped count == 0"};
}

std::vector<std::string> MatchmakingGates(std::string_view min_match_success) {
  return {
      "pairing_time p95 < 1s",        "match_success rate >= " + std::string(min_match_success),
      "duplicate_matches count == 0", "inconsistent_pairs count == 0",
      "connect_failures rate < 1%",   "protocol_errors count == 0",
  };
}

std::vector<std::string> ChatGates() {
  return {
      "message_latency p95 < 100ms",    "typing_latency p95 < 200ms",
      "messages_lost count == 0",       "partner_left_delivered rate == 100%",
      "match_success rate == 100%",     "connect_failures rate < 1%",
      "protocol_errors count == 0",     "duplicate_matches count == 0",
      "messages_duplicated count == 0",
  };
}

std::vector<std::string> SignalingGates() {
  return {
      "signal_latency p95 < 100ms", "signals_lost count == 0",    "signals_duplicated count == 0",
      "match_success rate == 100%", "connect_failures rate < 1%", "protocol_errors count == 0",
  };
}

std::vector<std::string> CallGates() {
  return {
      "call_setup_time p95 < 2s",     "ring_time p95 < 200ms",      "calls_lost count == 0",
      "calls_misanswered count == 0", "connect_failures rate < 1%", "protocol_errors count == 0",
  };
}

std::vector<std::string> ReconnectGates() {
  return {
      "reconnect_success rate >= 90%", "resume_time p95 < 1s",
      "history_mismatches count == 0", "duplicate_matches count == 0",
      "messages_lost count == 0",      "message_latency p95 < 100ms",
      "match_success rate == 100%",    "connect_failures rate < 1%",
      "protocol_errors count == 0",
  };
}

std::vector<std::string> HttpEndpointGates() {
  return {
      "http_latency p95 < 500ms",  "http_latency p99 < 1s",      "http_errors rate < 1%",
      "http_requests rate >= 98%", "connect_failures rate < 1%",
  };
}

std::vector<std::string> SoakGates() {
  return {
      "message_latency p95 < 100ms", "message_latency drift < 1.5",    "typing_latency p95 < 200ms",
      "messages_lost count == 0",    "connections_dropped count == 0", "match_success rate >= 95%",
      "protocol_errors count == 0",  "server_rss growth < 64MiB/h",
  };
}

}  // namespace swarmgate
