#include "swarmgate/generator_check.h"

#include <algorithm>
#include <cstdio>

namespace swarmgate {

double LoopLagBoundUs(const LoadSpec& spec, const std::vector<Threshold>& thresholds) {
  if (spec.max_loop_lag_ms > 0) return spec.max_loop_lag_ms * 1e3;
  double tightest_us = 0;
  for (const Threshold& t : thresholds) {
    const bool upper_bound = t.op == Compare::kLess || t.op == Compare::kLessEqual;
    if (!t.is_latency_value() || !upper_bound || t.bound <= 0) continue;
    tightest_us = tightest_us == 0 ? t.bound : std::min(tightest_us, t.bound);
  }
  return tightest_us > 0 ? tightest_us / 10 : 100e3;
}

std::vector<std::string> GeneratorProblems(const LoadSpec& spec,
                                           const std::vector<Threshold>& thresholds,
                                           const Recorder& metrics) {
  std::vector<std::string> problems;
  char line[256];
  const Histogram& lag = metrics.histogram(Latency::kLoopLag);
  const double bound_us = LoopLagBoundUs(spec, thresholds);
  if (lag.count() > 0 && lag.ValueAtPercentile(99) > bound_us) {
    std::snprintf(line, sizeof line,
                  "swarm event-loop lag p99 %.1f ms > %.1f ms: the load generator, not the "
                  "server, set the pace",
                  lag.ValueAtPercentile(99) / 1e3, bound_us / 1e3);
    problems.emplace_back(line);
  }
  const std::int64_t paced = metrics.count(Counter::kPacedSends);
  const std::int64_t late = metrics.count(Counter::kLateSends);
  if (paced > 0 && static_cast<double>(late) / paced > spec.max_late_send_rate) {
    std::snprintf(line, sizeof line,
                  "%.1f %% of paced sends left more than 10 ms late (tolerated %.1f %%): the "
                  "offered load fell short of the intended load",
                  100.0 * late / paced, 100.0 * spec.max_late_send_rate);
    problems.emplace_back(line);
  }
  return problems;
}

}  // namespace swarmgate
