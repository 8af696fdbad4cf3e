#pragma once
// What a run looked like over time: a point per second (open connections, rates, p95 of the
// row's latencies), per-window percentiles for drift (soak rows), and the gauges (server and
// swarm memory and CPU) sampled once a second.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "swarmgate/histogram.h"
#include "swarmgate/metrics.h"

namespace swarmgate {

// One gauge's samples, in time order.
struct GaugeSeries {
  std::vector<double> t_s;    // seconds from the run's time zero
  std::vector<double> value;  // bytes, or a share of one core (1.0 = one core busy)

  void Add(double t, double v) {
    t_s.push_back(t);
    value.push_back(v);
  }
  bool empty() const { return value.empty(); }
  double Max() const;
  double Mean() const;
  // Least-squares slope of the samples taken at or after from_s, per hour; nullopt with
  // fewer than 10 such samples (a slope over a few seconds says nothing).
  std::optional<double> GrowthPerHour(double from_s) const;
};

struct SecondPoint {
  std::int64_t open_connections = 0;  // at the end of the second
  std::int64_t connects = 0;          // connect attempts started
  std::int64_t matches = 0;           // chats started
  std::int64_t messages = 0;          // chat messages delivered
  std::int64_t errors = 0;  // failed connects, drops, match timeouts, protocol/server errors
  std::vector<std::int64_t> p95_us;  // per followed latency; -1: no sample this second
};

struct LatencyWindow {
  std::int64_t count = 0;
  std::int64_t p50_us = 0, p95_us = 0, p99_us = 0;
};

struct Window {
  double start_s = 0, end_s = 0;
  bool complete = false;               // false for the run's last, cut-short window
  std::vector<LatencyWindow> latency;  // per followed latency
};

struct TimeSeries {
  std::vector<Latency> followed;  // latencies tracked per second and per window
  double window_s = 60;
  double steady_from_s = 0;          // end of the ramp: drift and growth are judged from here on
  int cores = 1;                     // of this machine, for CPU shares of the whole machine
  bool server_sampled = false;       // whether the server's resources had a source at all
  std::vector<SecondPoint> seconds;  // seconds[k] covers [k, k + 1) s from time zero
  std::vector<Window> windows;       // windows[k] covers [k, k + 1) * window_s
  // Each second's values of each followed latency, kept for a shard's result file so that
  // shards' per-second and per-window percentiles merge exactly; empty unless asked for.
  std::vector<std::vector<Buckets>> second_values;
  std::array<GaugeSeries, kGaugeCount> gauges;

  const GaugeSeries& gauge(Gauge g) const { return gauges[static_cast<std::size_t>(g)]; }
  GaugeSeries& gauge(Gauge g) { return gauges[static_cast<std::size_t>(g)]; }

  // p95 of the last complete window over p95 of the first, among the complete windows that
  // start at or after steady_from_s and hold at least kMinWindowSamples samples of metric;
  // nullopt with fewer than two such windows or when metric is not followed.
  std::optional<double> Drift(Latency metric) const;
  static constexpr std::int64_t kMinWindowSamples = 20;
};

}  // namespace swarmgate
