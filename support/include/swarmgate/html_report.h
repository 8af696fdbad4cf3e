#pragma once
// A run's report as one self-contained HTML file, beside its JSON report: the verdict with
// every threshold, the headline figures, the time series (open connections, rates, per-second
// p95, the server's and the swarm's CPU and memory) and latency distributions as charts (SVG
// written here: nothing to fetch), the history of each headline metric with its baseline and
// change points, and the row's parameters and context. An index over the reports folder
// links every row's report with its verdict.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "swarmgate/run.h"

namespace swarmgate {

struct HistoryPoint {
  std::int64_t run_id = 0;
  std::string revision;
  double started_unix_s = 0;
  double value = 0;
  Outcome outcome = Outcome::kPass;
  bool in_baseline = false;  // one of the runs this run's regression bounds were judged on
  bool this_run = false;
};

// One metric of a row over its runs on this machine and load, oldest first.
struct MetricHistory {
  std::string metric, stat;  // "pairing_time", "p95"
  std::vector<HistoryPoint> points;
  std::vector<std::size_t> changes;  // indices into points: the first value after a change
};

struct HtmlReportInput {
  const RowOutcome* outcome = nullptr;
  std::string row_id, test_name;
  std::vector<std::pair<std::string, std::string>> context;
  std::string row_json;  // the row's parameters (RenderRow)
  std::vector<MetricHistory> history;
  std::string history_note;  // why there is no history to show, if there is none
};

std::string RenderHtmlReport(const HtmlReportInput& input);

// Writes <report_dir>/index.html: every HTML report in the folder with its verdict, newest
// first. False with *error set when the folder cannot be read or the index written.
bool WriteHtmlIndex(const std::string& report_dir, std::string* error);

}  // namespace swarmgate
