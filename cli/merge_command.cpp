#include "merge_command.h"

#include <cstdio>
#include <ctime>

#include "command_line.h"
#include "swarmgate/junit_report.h"
#include "swarmgate/run.h"
#include "swarmgate/run_history.h"
#include "swarmgate/shard_merge.h"

namespace swarmgate {
namespace {

// "<stem>.shard-I-of-N.json" -> "<stem>.json"; any other path as it is.
std::string WithoutShardSuffix(const std::string& path) {
  const std::size_t at = path.rfind(".shard-");
  if (at == std::string::npos) return path;
  const std::string rest = path.substr(at + 7);  // "I-of-N.json"
  unsigned index = 0, count = 0;
  int used = 0;
  if (std::sscanf(rest.c_str(), "%u-of-%u.json%n", &index, &count, &used) != 2 ||
      static_cast<std::size_t>(used) != rest.size()) {
    return path;
  }
  return path.substr(0, at) + ".json";
}

}  // namespace

int MergeCommand(const std::vector<std::string>& shard_files, const std::string& report_file,
                 const Settings& settings, void (*print)(const std::string& line)) {
  std::vector<std::string> errors;
  std::vector<ShardResult> shards;
  for (const std::string& path : shard_files) {
    if (auto shard = LoadShardResult(path, &errors)) shards.push_back(std::move(*shard));
  }
  std::optional<MergedRow> merged;
  if (errors.empty()) merged = MergeShards(std::move(shards), shard_files, &errors);
  if (!merged) {
    for (const std::string& e : errors) std::fprintf(stderr, "swarmgate: merge: %s\n", e.c_str());
    return kExitUsage;
  }
  const ShardResult& row = merged->row;
  RowOutcome out;
  out.target = row.Context("target_kind") + " " + row.Context("target") + " (" +
               std::to_string(shard_files.size()) + " shards merged)";
  out.verdict = merged->verdict;
  out.result = row.result;
  out.figures = merged->figures;
  out.thresholds = row.thresholds;
  // The report beside the first shard's file: <stem>.shard-I-of-N.json -> <stem>.json.
  out.report_path = report_file.empty() ? WithoutShardSuffix(shard_files.front()) : report_file;
  if (out.report_path == shard_files.front()) out.report_path += ".merged.json";
  std::vector<Threshold> thresholds;
  for (const auto& [id, sourced] : out.thresholds) {
    std::string ignored;  // each parsed when the shard ran
    if (id != row.row_id) continue;
    if (auto t = ParseThreshold(sourced.text, &ignored)) thresholds.push_back(*t);
  }
  HistoryEntry entry;
  entry.history_path = settings.history;
  entry.baseline.runs = settings.baseline_runs;
  entry.baseline.revision = settings.baseline_revision;
  entry.row_id = row.row_id;
  entry.test_name = row.test_name;
  entry.plan = row.plan;
  entry.revision = row.Context("revision");
  entry.target = row.Context("target_kind") + " " + row.Context("target");
  entry.report_path = out.report_path;
  entry.row_json = row.row_json;
  entry.started_unix_s = static_cast<double>(row.start_unix_us) / 1e6;
  HistoryOutcome recorded =
      JudgeAndRecord(entry, thresholds, out.result, out.figures, &out.verdict);
  out.regression_lines = std::move(recorded.regression_lines);
  out.history_path = entry.history_path;
  out.history_run_id = recorded.run_id;
  out.history_error = std::move(recorded.error);
  ReportInput report;
  report.test_name = row.test_name;
  report.context = row.context;
  report.context.emplace_back("shards", std::to_string(shard_files.size()) + " merged");
  report.row_json = row.row_json;
  report.result = &out.result;
  report.verdict = &out.verdict;
  report.figures = out.figures;
  report.thresholds = &out.thresholds;
  std::string error;
  if (!WriteTextFile(out.report_path, RenderReport(report), &error)) out.report_error = error;
  out.context = report.context;
  WriteHtmlReport(&out, row.row_id, row.test_name, row.row_json, entry.baseline);
  std::string stem = out.report_path;
  if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".json") == 0)
    stem.resize(stem.size() - 5);
  out.junit_path = stem + ".junit.xml";
  if (!WriteTextFile(out.junit_path,
                     RenderJunit(out, row.row_id, row.result.elapsed_s,
                                 static_cast<double>(row.start_unix_us) / 1e6),
                     &error)) {
    out.report_error += (out.report_error.empty() ? "" : "; ") + error;
    out.junit_path.clear();
  }
  print("[ merge    ] " + row.row_id + ": " + std::to_string(shard_files.size()) + " shards, " +
        std::to_string(row.result.threads) + " swarm threads in all");
  for (const std::string& line : ThresholdLines(out, row.row_id)) print("[ gate     ] " + line);
  for (const std::string& line : OutcomeLines(out, row.row_id)) print(line);
  if (!out.report_error.empty()) print("[ problem  ] " + out.report_error);
  return ExitCodeOf(out.verdict.outcome);
}

}  // namespace swarmgate
