#pragma once
// The step after a row is judged: its relative thresholds judged against the history, then
// the run added to it (history.h). Used by RunRow and by the merge of a row's shards.

#include <cstdint>
#include <string>
#include <vector>

#include "swarmgate/regression.h"
#include "swarmgate/report.h"
#include "swarmgate/swarm.h"
#include "swarmgate/verdict.h"

namespace swarmgate {

struct HistoryEntry {
  std::string history_path;  // empty: no history is kept
  BaselineChoice baseline;
  std::string row_id, test_name, plan, revision, target, report_path;
  std::string row_json;  // the row as RenderRow wrote it: what load it was (LoadDigest)
  double started_unix_s = 0;
};

struct HistoryOutcome {
  std::vector<std::string> regression_lines;  // one per relative threshold
  std::int64_t run_id = 0;                    // 0: not added
  std::string error;                          // the history could not be opened or added to
};

// Judges the relative thresholds among `thresholds` (into *verdict), then adds the run with
// its final verdict. An inconclusive run is added, marked, and its relative thresholds are not
// judged (the generator limited it).
HistoryOutcome JudgeAndRecord(const HistoryEntry& entry, const std::vector<Threshold>& thresholds,
                              const RunResult& result, const std::vector<Figure>& figures,
                              Verdict* verdict);

// What load a row puts on the server, as a digest of its parameters ("fnv1a64:..."), leaving
// out what does not change the load: its name, thresholds, the bundled server's fault switches
// and a self-test's expectations. Runs are compared only with runs of the same load: the
// same row tuned to twice the users is another series.
std::string LoadDigest(const std::string& row_json);

// The per-second percentiles the history must keep beyond each followed latency's p95 for
// these thresholds to be judged (RecordOf's extra_stats).
std::vector<std::pair<std::string, std::string>> ExtraStatsOf(
    const std::vector<Threshold>& thresholds);

}  // namespace swarmgate
