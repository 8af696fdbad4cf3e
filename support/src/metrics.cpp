#include "swarmgate/metrics.h"

namespace swarmgate {
namespace {

constexpr std::array<std::string_view, kLatencyCount> kLatencyNames = {
    "connect_time",         "pairing_time",    "message_latency", "typing_latency",
    "message_service_time", "send_lateness",   "loop_lag",        "http_latency",
    "signal_latency",       "call_setup_time", "ring_time",       "resume_time"};

constexpr std::array<std::string_view, kGaugeCount> kGaugeNames = {"server_rss", "server_cpu",
                                                                   "client_rss", "client_cpu"};

struct CounterInfo {
  std::string_view name;
  std::optional<Counter> denominator;
};

constexpr std::array<CounterInfo, kCounterCount> kCounters = {{
    {"connect_attempts", std::nullopt},
    {"connect_failures", Counter::kConnectAttempts},
    {"connections_dropped", Counter::kConnectAttempts},
    {"match_attempts", std::nullopt},
    {"match_success", Counter::kMatchAttempts},
    {"match_timeouts", Counter::kMatchAttempts},
    {"duplicate_matches", Counter::kMatchAttempts},
    {"inconsistent_pairs", Counter::kMatchAttempts},
    {"messages_sent", std::nullopt},
    {"messages_received", Counter::kMessagesSent},
    {"messages_lost", Counter::kMessagesSent},
    {"messages_duplicated", Counter::kMessagesSent},
    {"out_of_order", Counter::kMessagesSent},
    {"messages_echoed", Counter::kMessagesSent},
    {"typing_sent", std::nullopt},
    {"typing_lost", Counter::kTypingSent},
    {"chats_ended", std::nullopt},
    {"partner_left_delivered", Counter::kChatsEnded},
    {"paced_sends", std::nullopt},
    {"late_sends", Counter::kPacedSends},
    {"protocol_errors", std::nullopt},
    {"server_errors", std::nullopt},
    {"http_planned", std::nullopt},
    {"http_requests", Counter::kHttpPlanned},
    {"http_errors", Counter::kHttpRequests},
    {"signals_sent", std::nullopt},
    {"signals_received", Counter::kSignalsSent},
    {"signals_lost", Counter::kSignalsSent},
    {"signals_duplicated", Counter::kSignalsSent},
    {"signals_echoed", Counter::kSignalsSent},
    {"calls_requested", std::nullopt},
    {"calls_accepted", Counter::kCallsRequested},
    {"calls_rejected", Counter::kCallsRequested},
    {"calls_timed_out", Counter::kCallsRequested},
    {"calls_lost", Counter::kCallsRequested},
    {"calls_misanswered", Counter::kCallsRequested},
    {"reconnects", std::nullopt},
    {"reconnect_success", Counter::kReconnects},
    {"history_mismatches", Counter::kReconnectSuccess},
}};

}  // namespace

std::string_view NameOf(Latency metric) { return kLatencyNames[static_cast<std::size_t>(metric)]; }
std::string_view NameOf(Counter metric) { return kCounters[static_cast<std::size_t>(metric)].name; }

std::string_view NameOf(Gauge metric) { return kGaugeNames[static_cast<std::size_t>(metric)]; }

bool IsMemory(Gauge metric) { return metric == Gauge::kServerRss || metric == Gauge::kClientRss; }

std::optional<Counter> DenominatorOf(Counter metric) {
  return kCounters[static_cast<std::size_t>(metric)].denominator;
}

std::optional<Latency> LatencyNamed(std::string_view name) {
  for (std::size_t i = 0; i < kLatencyCount; ++i) {
    if (kLatencyNames[i] == name) return static_cast<Latency>(i);
  }
  return std::nullopt;
}

std::optional<Counter> CounterNamed(std::string_view name) {
  for (std::size_t i = 0; i < kCounterCount; ++i) {
    if (kCounters[i].name == name) return static_cast<Counter>(i);
  }
  return std::nullopt;
}

std::optional<Gauge> GaugeNamed(std::string_view name) {
  for (std::size_t i = 0; i < kGaugeCount; ++i) {
    if (kGaugeNames[i] == name) return static_cast<Gauge>(i);
  }
  return std::nullopt;
}

}  // namespace swarmgate
