#pragma once
// Thresholds written as data: "<metric> <stat> <op> <value>", for example
//   pairing_time p95 < 1s          latency stats: p<N> (p50, p99.9, ...), min, max, mean, count
//   connect_failures rate < 1%     counter stats: count, and rate when the counter has one
//   duplicate_matches count == 0   operators: < <= > >= ==
// Latency values need a unit (us, ms, s); rates need %; counts are plain numbers.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "swarmgate/metrics.h"
#include "swarmgate/recorder.h"

namespace swarmgate {

enum class Stat { kPercentile, kMin, kMax, kMean, kCount, kRate };
enum class Compare { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual };

struct Threshold {
  std::string text;  // as written, for messages
  std::variant<Latency, Counter> metric;
  Stat stat = Stat::kCount;
  std::string stat_name;  // as written: p95, rate, count, ...
  double percentile = 0;  // for kPercentile
  Compare op = Compare::kLess;
  double bound = 0;  // microseconds for latencies, a fraction for rates, a number for counts

  std::string_view metric_name() const;
  bool is_latency_value() const;  // true when the observed value is a time in microseconds
  bool Holds(double observed) const;
};

// Parses one threshold. On failure returns nullopt and sets *error to a one-line reason that
// quotes the text, e.g. `threshold "pairing_time p95 < 1": a latency bound needs a unit`.
std::optional<Threshold> ParseThreshold(std::string_view text, std::string* error);

// The value the threshold's stat takes in a run; nullopt when there is nothing to measure
// (no samples for a latency, a zero denominator for a rate).
std::optional<double> Observe(const Threshold& threshold, const Recorder& recorder);

// A value in the threshold's unit for humans: "1.32 s", "87.4 ms", "0.5 %", "3".
std::string FormatValue(const Threshold& threshold, double value);

}  // namespace swarmgate
