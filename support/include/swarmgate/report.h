#pragma once
// The JSON report of one test: context, row parameters, headline figures, every metric
// (count, min, percentiles, max; counters with their rates), errors by class, the verdict.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "swarmgate/load_spec.h"
#include "swarmgate/slo.h"
#include "swarmgate/swarm.h"
#include "swarmgate/verdict.h"

namespace swarmgate {

class Secrets;

struct Figure {
  std::string name;  // snake_case with its unit, e.g. "client_rss_per_connection_bytes"
  double value = 0;
};

// Figures derived from a run that a reader wants first: connect rate, memory per connection,
// CPU per delivered message. Only those the run can support are returned.
std::vector<Figure> HeadlineFigures(const RunResult& result);

// The swarm's CPU per delivered chat message (its typing indicator and both ends included)
// over the seconds that only chatted (no connect, no match); nullopt when there were none.
std::optional<double> ChatPhaseCpuUsPerMessage(const TimeSeries& series);

struct ReportInput {
  std::string test_name;
  std::vector<std::pair<std::string, std::string>> context;  // host, cores, revision, target...
  const LoadSpec* spec = nullptr;
  std::string row_json;  // without a spec: the row as RenderRow wrote it (a merged shard's)
  const RunResult* result = nullptr;
  const Verdict* verdict = nullptr;
  std::vector<Figure> figures;
  // Every threshold judged, by row id, and where it came from (slo.h).
  const std::vector<std::pair<std::string, SourcedThreshold>>* thresholds = nullptr;
  const Secrets* secrets = nullptr;  // redacted from every text of the report
};

std::string RenderReport(const ReportInput& input);

// The report's "row": every parameter of the row and its rows alongside, as JSON.
std::string RenderRow(const LoadSpec& row);

// Writes content to path (creating parent directories); false with *error set on failure.
bool WriteTextFile(const std::string& path, const std::string& content, std::string* error);

}  // namespace swarmgate
