#pragma once
// Thresholds written as data: "<metric> <stat> <op> <value>", for example
//   pairing_time p95 < 1s          latency stats: p<N> (p50, p99.9, ...), min, max, mean, count,
//   message_latency drift < 1.5      and drift (last window's p95 / first window's p95)
//   connect_failures rate < 1%     counter stats: count, and rate when the counter has one
//   duplicate_matches count == 0   operators: < <= > >= ==
//   server_rss max < 2GiB          memory gauges: max, mean, growth (per hour, "100MiB/h")
//   server_cpu mean < 50%          CPU gauges, as a share of one core: max, mean; machine_mean
//                                  is the mean share of the whole machine (all cores)
// Latency values need a unit (us, ms, s); rates and CPU need %; memory needs B, KB, KiB, MB,
// MiB, GB or GiB; counts and drift are plain numbers.
// A relative bound is judged against the row's earlier runs (regression.h), not a fixed value:
//   pairing_time p95 regress < 10%   a latency percentile, or a gauge's mean
//   server_cpu mean regress < 20%    ("no more than 20 % above the baseline")

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "swarmgate/metrics.h"
#include "swarmgate/recorder.h"
#include "swarmgate/time_series.h"

namespace swarmgate {

enum class Stat { kPercentile, kMin, kMax, kMean, kCount, kRate, kDrift, kGrowth, kMachineMean };
// What the observed value and the bound are measured in.
enum class Unit { kMicros, kFraction, kCount, kRatio, kBytes, kBytesPerHour };
enum class Compare { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual };

struct Threshold {
  std::string text;  // as written, for messages
  std::variant<Latency, Counter, Gauge> metric;
  Stat stat = Stat::kCount;
  std::string stat_name;  // as written: p95, rate, count, ...
  double percentile = 0;  // for kPercentile
  Compare op = Compare::kLess;
  Unit unit = Unit::kCount;
  double bound = 0;  // in `unit`: microseconds, a fraction (rates, CPU), bytes, ...
  // "regress": bound is the fraction by which the run may exceed its baseline; judged by
  // JudgeRegressions, not by Judge.
  bool relative = false;

  std::string_view metric_name() const;
  bool is_latency_value() const { return unit == Unit::kMicros; }
  bool Holds(double observed) const;
};

// Parses one threshold. On failure returns nullopt and sets *error to a one-line reason that
// quotes the text, e.g. `threshold "pairing_time p95 < 1": a latency bound needs a unit`.
std::optional<Threshold> ParseThreshold(std::string_view text, std::string* error);

// The value the threshold's stat takes in a run; nullopt when there is nothing to measure
// (no samples for a latency, a zero denominator for a rate, no gauge samples, fewer than two
// windows for drift). Gauges and drift come from series; without it they have no value.
std::optional<double> Observe(const Threshold& threshold, const Recorder& recorder,
                              const TimeSeries* series = nullptr);

// What makes two thresholds bounds of the same thing: "<metric> <stat>" ("message_latency
// p95"); a text that does not parse is its own key.
std::string SameBoundKey(const std::string& text);

// `base` with `overrides` laid over it: an override on the same metric and statistic
// ("message_latency p95") takes the place of the base's, the others are added at the end.
// A text that does not parse is kept as it is, for the row's check to report.
std::vector<std::string> OverrideThresholds(const std::vector<std::string>& base,
                                            const std::vector<std::string>& overrides);

// A value in the threshold's unit for humans: "1.32 s", "87.4 ms", "0.5 %", "3", "1.5 GiB",
// "120 MiB/h".
std::string FormatValue(const Threshold& threshold, double value);

}  // namespace swarmgate
