#pragma once
// The swarm watches itself (docs/architecture.md, measurement model): when its own event
// loops lagged, or its paced sends left late, the server was not what limited the run, and
// the verdict must say "inconclusive" instead of passing or failing the server.

#include <string>
#include <vector>

#include "swarmgate/load_spec.h"
#include "swarmgate/recorder.h"
#include "swarmgate/threshold.h"

namespace swarmgate {

// The loop-lag p99 a row tolerates, in microseconds: spec.max_loop_lag_ms when set, else a
// tenth of the tightest latency bound among the thresholds (a lag that large would move the
// measured percentile by a tenth of its budget), else 100 ms.
double LoopLagBoundUs(const LoadSpec& spec, const std::vector<Threshold>& thresholds);

// One line per reason the run cannot be judged; empty when the swarm kept up.
std::vector<std::string> GeneratorProblems(const LoadSpec& spec,
                                           const std::vector<Threshold>& thresholds,
                                           const Recorder& metrics);

}  // namespace swarmgate
