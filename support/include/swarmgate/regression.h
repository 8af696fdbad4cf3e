#pragma once
// Relative thresholds ("pairing_time p95 regress < 10%") judged against the row's baseline in
// the history: the last passing runs of the same row on the same machine, or the passing runs
// of a named revision. The samples are per-second values of the statistic (a second's p95,
// a gauge's sample), so that one run gives many; the run regressed when a one-sided
// Mann-Whitney test says its samples are larger than the baseline's raised by the bound
// (p < kRegressionLevel). Noise the baseline itself shows does not fail a healthy run, and a
// slowdown well past the bound does. With no baseline yet, or too few samples, the bound is
// not judged and a note says why.

#include <string>
#include <utility>
#include <vector>

#include "swarmgate/history.h"
#include "swarmgate/threshold.h"
#include "swarmgate/verdict.h"

namespace swarmgate {

constexpr double kRegressionLevel = 0.01;
constexpr std::size_t kMinRegressionSamples = 8;  // per side: the rank test's approximation

struct BaselineChoice {
  int runs = 5;          // the last this many passing runs ...
  std::string revision;  // ... or the passing runs of this revision
};

// The per-second samples a relative threshold is judged on: (metric, stat) as RecordOf keeps
// them ("p95", "value" for a gauge).
std::pair<std::string, std::string> SamplesOf(const Threshold& threshold);

// Judges each relative threshold of `thresholds` on `run` (not yet in the history) against
// its baseline in `history`. A regression is a violation of `verdict`; a bound that cannot be
// judged is a note. Returns one line per relative threshold, what it came to, e.g.
//   pairing_time p95 regress < 10%: +1.8 % against 5 runs (median 50.9 ms vs 50.0 ms), held
std::vector<std::string> JudgeRegressions(const std::vector<Threshold>& thresholds,
                                          const RunRecord& run, const History& history,
                                          const BaselineChoice& baseline, const std::string& row_id,
                                          Verdict* verdict);

}  // namespace swarmgate
