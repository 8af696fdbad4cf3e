#pragma once
// The catalog of metrics a run produces. Names are stable: they are the keys of reports and
// of thresholds ("pairing_time p95 < 1s"). Latencies are histograms of microseconds; the rest
// are counters, some of which have a denominator so that a threshold can ask for their rate.

#include <array>
#include <optional>
#include <string_view>

namespace swarmgate {

enum class Latency : int {
  kConnectTime,         // TCP connect + WebSocket handshake, from the connect call to open
  kPairingTime,         // find_match sent -> match notice received
  kMessageLatency,      // one-way: the sender's intended send time -> the partner's receipt
  kTypingLatency,       // one-way: the sender's intended typing time -> the partner's receipt
  kMessageServiceTime,  // one-way from the actual send, beside message_latency for diagnosis
  kSendLateness,        // actual - intended send time of every paced send (the generator's lag)
  kLoopLag,             // how late a 10 ms periodic timer fired on each swarm thread
  kHttpLatency,         // HTTP: request written (http_rate: its intended time) -> answer read
  kSignalLatency,       // one-way: a signal's intended send time (an answer's: the offer's
                        // arrival) -> the partner's receipt
  kCallSetupTime,       // call_burst: a visitor's arrival (intended) -> the agent's answer
  kRingTime,            // call_burst: a visitor's arrival (intended) -> the agent's ring
  kResumeTime,          // reconnect_storm: the intended reconnect time -> resumed
  kCount_
};

enum class Counter : int {
  kConnectAttempts,
  kConnectFailures,     // refused, reset, timed out or rejected handshakes
  kConnectionsDropped,  // closed by the server or the network before the flow closed it
  kMatchAttempts,       // find_match sent
  kMatchSuccess,        // both sides accepted and the chat started
  kMatchTimeouts,       // no chat within the row's match timeout
  kDuplicateMatches,    // matched again without having left the current match
  kInconsistentPairs,   // my partner was matched with somebody else (counted per user)
  kMessagesSent,
  kMessagesReceived,    // distinct stamped messages received from the partner
  kMessagesLost,        // sent but never received by the partner before the chat ended
  kMessagesDuplicated,  // a stamped message received more than once
  kOutOfOrder,          // a stamped message older than one already received
  kMessagesEchoed,      // the user's own message sent back to it (not a delivery)
  kTypingSent,
  kTypingLost,
  kChatsEnded,            // end_chat sent by one side of a pair
  kPartnerLeftDelivered,  // the other side was told its partner left
  kPacedSends,            // sends scheduled on an intended time (typing, messages)
  kLateSends,             // paced sends that left more than 10 ms after their intended time
  kProtocolErrors,        // frames the dialect could not map, or events out of sequence
  kServerErrors,          // error events sent by the server
  kHttpPlanned,           // http_rate: requests the schedule called for
  kHttpRequests,          // HTTP: requests answered or given up (polls included); as a rate,
                          // the share of http_planned achieved
  kHttpErrors,            // ... answered 4xx/5xx, or not at all
  kSignalsSent,           // signaling: offers, answers and ICE candidates sent
  kSignalsReceived,       // ... distinct ones received from the partner
  kSignalsLost,           // ... sent but never received by the partner before the chat ended
  kSignalsDuplicated,     // ... received more than once
  kSignalsEchoed,         // ... the user's own, sent back to it
  kCallsRequested,        // call_burst: request_call sent
  kCallsAccepted,         // ... answered accept
  kCallsRejected,         // ... answered reject
  kCallsTimedOut,         // ... rang out (call_timeout)
  kCallsLost,             // ... the visitor was told nothing within call_wait_s
  kCallsMisanswered,      // ... the outcome differs from what the agent was told to do
  kReconnects,            // reconnect_storm: connections dropped on purpose and reopened
  kReconnectSuccess,      // ... that resumed their match
  kHistoryMismatches,     // ... whose restored history was not what was sent before the drop
  kCount_
};

// Sampled once a second during the run, from /proc or the server's Prometheus endpoint.
enum class Gauge : int {
  kServerRss,  // bytes resident in the server process
  kServerCpu,  // the server's CPU over the last second, as a share of one core
  kClientRss,  // bytes resident in the swarm (this process)
  kClientCpu,  // the swarm's CPU over the last second, as a share of one core
  kCount_
};

constexpr std::size_t kLatencyCount = static_cast<std::size_t>(Latency::kCount_);
constexpr std::size_t kCounterCount = static_cast<std::size_t>(Counter::kCount_);
constexpr std::size_t kGaugeCount = static_cast<std::size_t>(Gauge::kCount_);

std::string_view NameOf(Latency metric);
std::string_view NameOf(Counter metric);
std::string_view NameOf(Gauge metric);
bool IsMemory(Gauge metric);  // bytes; else a CPU share

// The counter that a counter's rate divides by (connect_failures / connect_attempts), if any.
std::optional<Counter> DenominatorOf(Counter metric);

std::optional<Latency> LatencyNamed(std::string_view name);
std::optional<Counter> CounterNamed(std::string_view name);
std::optional<Gauge> GaugeNamed(std::string_view name);

}  // namespace swarmgate
