// Chat: matched pairs talking. After matchmaking, each side sends a typing indicator and then
// a stamped message every interval; the receiver records one-way latency from the sender's
// intended send time. One side ends the chat and the other must be told.
// Guards: message delivery p95 < 100 ms, typing p95 < 200 ms, no message lost, the partner
// told of end_chat in every chat.
#include "scenario_test.h"

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kGates = ChatGates();

// 128-byte messages (stamp included).
LoadSpec Row(std::string name, int pairs) {
  return LoadSpec(std::move(name), ChatParams())
      .Pairs(pairs)
      .PayloadBytes(128)
      .Thresholds(WithServerBudget(kGates));
}

// The smoke and self-test shape: 20 pairs chatting for 10 s, a message every 0.5 s each.
LoadSpec Small(std::string name) {
  return Row(std::move(name), 20).Ramp(1s).ChatFor(10s).MessageEvery(500ms);
}

// Smoke: the same, with chats of 8 s (every family shares the tier's 4 minutes).
LoadSpec SmokeRow(std::string name) { return Small(std::move(name)).ChatFor(8s); }

class Chat : public ScenarioTest {};
TEST_P(Chat, MeetsSlo) { ExpectMeetsSlo(); }

class ChatGate : public ScenarioTest {};
TEST_P(ChatGate, CatchesFault) { ExpectGateCatchesFault(); }

class ChatGenerator : public ScenarioTest {};
TEST_P(ChatGenerator, ComesOutInconclusive) { ExpectInconclusive(); }

class ChatRefusal : public ScenarioTest {};
TEST_P(ChatRefusal, StopsBeforeLoad) { ExpectRefused(); }

class ChatAccuracy : public ScenarioTest {};
TEST_P(ChatAccuracy, MatchesGroundTruth) { ExpectMatchesGroundTruth(); }

// The same row against the bundled servers of other shapes, through their profiles: Socket.IO
// v4 (requested matches; and queued on connect, the room id sent apart), an HTTP relay (a
// message waits in the mailbox until the partner's next poll, every 50 ms, which the 100 ms
// gate leaves room for), and a WebSocket server that pairs differing profiles and echoes.
// Pairs20Ipv6: the reference server listening on ::1, the swarm connecting to [::1].
// Pairs20Tls: over wss://, certificates made for the run and verified against their CA.
const LoadSpec kSmoke[] = {
    SmokeRow("Pairs20"),
    SmokeRow("Pairs20Ipv6").BundledAddress("::1"),
    SmokeRow("Pairs20Tls").BundledTls("private-ca"),
    SmokeRow("Pairs20SocketIo").WireProfile("socketio-random-chat"),
    SmokeRow("Pairs20SocketIoQueue").WireProfile("socketio-queue-chat"),
    SmokeRow("Pairs20Http").WireProfile("http-relay-chat").MoreThresholds(kHttpGates),
    SmokeRow("Pairs20GenderMatch").WireProfile("ws-gender-match"),
};
const LoadSpec kCapacity[] = {
    Row("Pairs1000", 1'000).Ramp(10s).ChatFor(60s).MessageEvery(2s),
};
// The generator's CPU per delivered message (ci/generator-benchmark.sh): 1,000 pairs at the
// capacity row's pace, and at ten times it.
const LoadSpec kBenchmark[] = {
    Row("Pairs1000", 1'000).Ramp(10s).ChatFor(60s).MessageEvery(2s),
    Row("Pairs1000Every200ms", 1'000).Ramp(10s).ChatFor(30s).MessageEvery(200ms),
    // W2 (ci/generator-benchmark.sh): 1,000 users arriving at 100 a second, 500 pairs, 30
    // messages of 128 B each, one a second, no typing indicators; CPU per frame next to the
    // kernel's floor measured in the same run.
    Row("W2Pairs500At100PerS", 500)
        .Ramp(10s)
        .ChatFor(30s)
        .MessageEvery(1s)
        .NoTyping()
        .MeasureKernelFloor(),
};
// Delivery must not slow down over the hours, nor the server's memory grow.
const LoadSpec kSoak[] = {
    Row("Pairs500", 500)
        .Ramp(10s)
        .ChatFor(SoakDuration())
        .MessageEvery(2s)
        .Window(SoakDuration() / 6)
        .MoreThresholds({"message_latency drift < 1.5", "server_rss growth < 64MiB/h"}),
};
const LoadSpec kSelftestHealthy[] = {Small("Healthy")};
const LoadSpec kSelftestFaults[] = {
    Small("Drop2Percent").ServerFaults({"--drop-rate=0.02"}).ExpectViolated({"messages_lost"}),
    // Frames that are not JSON among the relays: counted and reported, the swarm goes on.
    Small("Garbage5Percent")
        .ServerFaults({"--garbage-rate=0.05"})
        .ExpectViolated({"protocol_errors"}),
    // Frames of 200,000 '[' (a parser that recurses overflows its stack): each one a counted
    // protocol error, never a crash.
    Small("DeepNesting5Percent")
        .ServerFaults({"--garbage-rate=0.05", "--garbage=deep"})
        .ExpectViolated({"protocol_errors"}),
    Small("NoPartnerLeft")
        .ServerFaults({"--no-partner-left=1"})
        .ExpectViolated({"partner_left_delivered"}),
    // The same loss through another server's shape: caught through its profile.
    Small("SocketIoQueueDrop2Percent")
        .WireProfile("socketio-queue-chat")
        .ServerFaults({"--drop-rate=0.02"})
        .ExpectViolated({"messages_lost"}),
};
// The server delays each relayed message by a uniform 20-120 ms: the measured one-way latency
// must have that distribution's percentiles (about 6,000 messages: the median's sampling
// error is under a fifth of the tolerance).
const LoadSpec kSelftestAccuracy[] = {
    Row("RelayUniform20To120ms", 60)
        .Ramp(1s)
        .ChatFor(10s)
        .MessageEvery(200ms)
        .ServerFaults({"--relay-delay-ms=20", "--relay-jitter-ms=100"})
        .ExpectPercentile("message_latency", 50, UniformPercentile(20, 120, 50))
        .ExpectPercentile("message_latency", 95, UniformPercentile(20, 120, 95)),
};
// A server whose certificate nobody trusts (self-signed): refused by default, with the line
// that tells the user what to do.
const LoadSpec kSelftestRefused[] = {
    Small("SelfSignedCertificate")
        .BundledTls("self-signed")
        .ExpectRefused("the server's certificate is not trusted (self-signed certificate)"),
};
// A healthy server, but each swarm thread sleeps 300 ms a second: sends leave late and the
// loop lags, so the run must not be judged.
const LoadSpec kSelftestStarved[] = {
    Small("Starved300msPerSecond").GeneratorStall(300ms).ExpectInconclusive(),
};

INSTANTIATE_TEST_SUITE_P(Smoke, Chat, ::testing::ValuesIn(kSmoke), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, ChatRefusal, ::testing::ValuesIn(kSelftestRefused), RowName);
INSTANTIATE_TEST_SUITE_P(Capacity, Chat, ::testing::ValuesIn(kCapacity), RowName);
INSTANTIATE_TEST_SUITE_P(Benchmark, Chat, ::testing::ValuesIn(kBenchmark), RowName);
INSTANTIATE_TEST_SUITE_P(Soak, Chat, ::testing::ValuesIn(kSoak), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, Chat, ::testing::ValuesIn(kSelftestHealthy), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, ChatGate, ::testing::ValuesIn(kSelftestFaults), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, ChatGenerator, ::testing::ValuesIn(kSelftestStarved), RowName);
INSTANTIATE_TEST_SUITE_P(Selftest, ChatAccuracy, ::testing::ValuesIn(kSelftestAccuracy), RowName);

}  // namespace
}  // namespace swarmgate
