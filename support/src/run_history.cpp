#include "swarmgate/run_history.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "swarmgate/shard_result.h"

namespace swarmgate {

std::string LoadDigest(const std::string& row_json) {
  rapidjson::Document row;
  if (row.Parse(row_json.c_str(), row_json.size()).HasParseError() || !row.IsObject()) {
    return "fnv1a64:" + Fnv1a64Hex(row_json);
  }
  const auto strip = [](rapidjson::Value& r) {
    for (const char* key : {"name", "thresholds", "server_faults", "expect_violated",
                            "expect_refused", "expect_inconclusive", "expect_percentiles"}) {
      r.RemoveMember(key);
    }
  };
  strip(row);
  if (row.HasMember("alongside") && row["alongside"].IsArray()) {
    for (auto& side : row["alongside"].GetArray()) {
      if (side.IsObject()) strip(side);
    }
  }
  rapidjson::StringBuffer text;
  rapidjson::Writer<rapidjson::StringBuffer> writer(text);
  row.Accept(writer);
  return "fnv1a64:" + Fnv1a64Hex(std::string_view(text.GetString(), text.GetSize()));
}

std::vector<std::pair<std::string, std::string>> ExtraStatsOf(
    const std::vector<Threshold>& thresholds) {
  std::vector<std::pair<std::string, std::string>> stats;
  for (const Threshold& t : thresholds) {
    if (!t.relative || !std::holds_alternative<Latency>(t.metric)) continue;
    auto samples = SamplesOf(t);
    if (samples.second == "p95") continue;  // kept for every followed latency
    if (std::find(stats.begin(), stats.end(), samples) == stats.end()) stats.push_back(samples);
  }
  return stats;
}

HistoryOutcome JudgeAndRecord(const HistoryEntry& entry, const std::vector<Threshold>& thresholds,
                              const RunResult& result, const std::vector<Figure>& figures,
                              Verdict* verdict) {
  HistoryOutcome out;
  const bool any_relative = std::any_of(thresholds.begin(), thresholds.end(),
                                        [](const Threshold& t) { return t.relative; });
  const std::string row = " [" + entry.row_id + "]";
  const auto not_judged = [&](const std::string& why) {
    for (const Threshold& t : thresholds) {
      if (!t.relative) continue;
      out.regression_lines.push_back(t.text + ": not judged: " + why);
      verdict->notes.push_back(t.text + ": not judged: " + why + row);
    }
  };
  if (entry.history_path.empty()) {
    if (any_relative) not_judged("no history is kept (SWARMGATE_HISTORY)");
    return out;
  }
  std::unique_ptr<History> history = History::Open(entry.history_path, &out.error);
  if (!history) {
    if (any_relative) not_judged(out.error);
    return out;
  }
  RunRecord run = RecordOf(result, *verdict, ExtraStatsOf(thresholds));
  run.started_unix_s = entry.started_unix_s;
  run.revision = entry.revision;
  run.plan = entry.plan;
  run.row_id = entry.row_id;
  run.load = LoadDigest(entry.row_json);
  run.test_name = entry.test_name;
  run.target = entry.target;
  run.report_path = entry.report_path;
  run.figures = figures;
  if (verdict->outcome == Outcome::kInconclusive) {
    if (any_relative) not_judged("the run is inconclusive (the generator limited it)");
  } else if (any_relative) {
    out.regression_lines =
        JudgeRegressions(thresholds, run, *history, entry.baseline, entry.row_id, verdict);
  }
  run.outcome = verdict->outcome;
  if (history->Add(&run, &out.error)) out.run_id = run.id;
  return out;
}

}  // namespace swarmgate
