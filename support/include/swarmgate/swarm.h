#pragma once
// Runs one row's swarm of virtual users against a target and returns what it measured.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "swarmgate/clock.h"
#include "swarmgate/dialect.h"
#include "swarmgate/error_log.h"
#include "swarmgate/load_spec.h"
#include "swarmgate/recorder.h"
#include "swarmgate/shard.h"
#include "swarmgate/target_url.h"
#include "swarmgate/threshold.h"
#include "swarmgate/time_series.h"

namespace swarmgate {

class Secrets;

// One side of a match whose other side never ended in this swarm: in a shard, a user the
// server matched with a user of another shard. Shards write these, and the merge joins them.
struct OpenMatchSide {
  std::uint64_t match_key = 0, self_key = 0, partner_key = 0;  // pair_analysis.h's keys
  std::int64_t messages_sent = 0, messages_received = 0;
  std::int64_t signals_sent = 0, signals_received = 0;
  std::vector<Micros> typing_sent_us;      // intended, from the run's time zero
  std::vector<Micros> typing_received_us;  // receipt, from the run's time zero
};

struct RunResult {
  Recorder metrics;  // merged over threads, plus the pair analysis done after the run
  ErrorLog errors;
  // Reasons the generator, not the server, limited the run (makes the verdict inconclusive).
  std::vector<std::string> generator_problems;
  int threads = 0;
  int users_unfinished = 0;  // flows still running when the deadline stopped the swarm
  double elapsed_s = 0;
  std::int64_t peak_open_connections = 0;
  std::int64_t client_baseline_rss_bytes = 0;  // before any connection opened
  std::int64_t client_peak_rss_bytes = 0;      // sampled once a second during the run
  // RSS at the sample with the most connections open, and that number: memory per held
  // connection is (rss_at_most_connections - baseline) / most_connections_sampled.
  std::int64_t client_rss_at_most_connections = 0;
  std::int64_t most_connections_sampled = 0;
  double client_cpu_s = 0;  // user + system CPU of this process during the run
  // WebSocket frames the swarm wrote and read (control frames included).
  std::int64_t frames_written = 0;
  std::int64_t frames_read = 0;
  // The kernel's floor measured before the load (LoadSpec::measure_kernel_floor, run.h):
  // client CPU of one blocking connect and of one write or read of a frame; 0: not measured.
  double floor_cpu_us_per_connect = 0;
  double floor_cpu_us_per_frame = 0;
  // Per-second points, windows and resource gauges (server ones when the server is sampled).
  TimeSeries series;
  std::string server_sampling_error;  // why server samples failed, if any did
  // First connect attempt to last successful open, for the connect rate; the first connect
  // attempt from time zero.
  double connect_phase_s = 0;
  double connect_phase_start_s = 0;
  // A shard's sides of matches whose partner is not in it (empty unless sharded: a whole
  // swarm counts them in inconsistent_pairs).
  std::vector<OpenMatchSide> open_match_sides;
  // The server process's RSS, when RunOptions::server_pid names a local process.
  std::int64_t server_baseline_rss_bytes = 0;
  std::int64_t server_peak_rss_bytes = 0;
  std::int64_t server_rss_at_most_connections = 0;
  double server_cpu_s = 0;  // user + system CPU of the server process during the run
};

struct RunOptions {
  Micros deadline_us = 0;  // monotonic; the swarm stops itself here whatever happens
  // The latencies followed per second and per window (FollowedLatencies).
  std::vector<Latency> followed;
  // Where the server's memory and CPU are read once a second: /proc of a local process
  // (server_pid > 0), else its Prometheus endpoint (server_metrics), else nowhere.
  int server_pid = 0;
  std::optional<TargetUrl> server_metrics;
  // Extra WebSocket handshake headers (a profile's), e.g. {"Origin", "http://localhost"}.
  std::vector<std::pair<std::string, std::string>> handshake_headers;
  // Credentials that error samples must not hold (secrets.h); null: none.
  const Secrets* secrets = nullptr;
  // Each second of the run as it completes, in order (live progress); must return at once.
  std::function<void(int second, const SecondPoint& point)> on_second;
  // Runs only this shard's users (shard.h), keeping what a merge needs: each second's values
  // and the sides of matches whose partner is elsewhere.
  ShardSpec shard;
  // Each second's values stay in the series (TimeSeries::second_values) without a shard: a
  // regression bound on a percentile other than p95 is judged on them.
  bool keep_second_values = false;
  // Time zero of every schedule (monotonic); 0: 20 ms from now. Shards started together
  // share it.
  Micros start_us = 0;
};

// The latencies a row follows per second and per window: its flow's main latency first
// (connect_time, pairing_time, message_latency, ...), then any other its thresholds name,
// except typing_latency, which is known only when each chat ends.
std::vector<Latency> FollowedLatencies(const LoadSpec& spec,
                                       const std::vector<Threshold>& thresholds);

// Blocks until every virtual user's flow has ended or options.deadline_us passes; at the
// deadline the remaining flows are abandoned and counted in users_unfinished. The spec must
// be valid (LoadSpec::Validate() empty). The target's scheme chooses the transport: http
// (requests and polls) or ws.
RunResult RunSwarm(const LoadSpec& spec, const TargetUrl& target, const Dialect& dialect,
                   const RunOptions& options);

// One connection to the target and back within timeout_s: a WebSocket handshake, or for an
// http:// target a TCP connection. Empty when the target accepts, else a one-line reason.
// A non-empty resource and headers ("Name: value\r\n" each) replace the target's path and
// the given headers, as a user's own would.
std::string ProbeTarget(const TargetUrl& target, double timeout_s,
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        std::string_view resource = {}, std::string_view connection_headers = {});

}  // namespace swarmgate
