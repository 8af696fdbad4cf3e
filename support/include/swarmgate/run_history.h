#pragma once
// The step after a row is judged: its relative thresholds judged against the history, then
// the run added to it (history.h). Used by RunRow and by the merge of a row's shards.

#include <cstdint>
#include <string>
#include <vector>

#include "swarmgate/html_report.h"
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

// The runs of row_id like run_id (same load and machine; inconclusive ones left out) for each
// of the row's headline metrics (each followed latency's p95, each relative threshold's
// statistic), with the runs of its baseline marked and change points found. Empty with
// *note set when there is nothing to show.
std::vector<MetricHistory> HistoryOfRun(const std::string& history_path, const std::string& row_id,
                                        std::int64_t run_id, const BaselineChoice& baseline,
                                        const std::vector<Threshold>& thresholds,
                                        const std::vector<Latency>& followed, std::string* note);

// Writes the run's HTML report beside its JSON one (<stem>.html) and refreshes the index of
// its folder; sets out->html_path, or adds to out->report_error.
void WriteHtmlReport(RowOutcome* out, const std::string& row_id, const std::string& test_name,
                     const std::string& row_json, const BaselineChoice& baseline);

// The per-second percentiles the history must keep beyond each followed latency's p95 for
// these thresholds to be judged (RecordOf's extra_stats).
std::vector<std::pair<std::string, std::string>> ExtraStatsOf(
    const std::vector<Threshold>& thresholds);

}  // namespace swarmgate
