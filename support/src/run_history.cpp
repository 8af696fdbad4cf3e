#include "swarmgate/run_history.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <filesystem>

#include "swarmgate/change_points.h"
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

std::vector<MetricHistory> HistoryOfRun(const std::string& history_path, const std::string& row_id,
                                        std::int64_t run_id, const BaselineChoice& baseline,
                                        const std::vector<Threshold>& thresholds,
                                        const std::vector<Latency>& followed, std::string* note) {
  constexpr std::size_t kMostRuns = 200;  // the newest; a chart of more says no more
  std::vector<MetricHistory> out;
  if (history_path.empty() || run_id == 0) {
    *note = history_path.empty() ? "no history is kept (SWARMGATE_HISTORY=0)"
                                 : "this run is not in the history";
    return out;
  }
  std::string error;
  std::unique_ptr<History> history = History::Open(history_path, &error);
  if (!history) {
    *note = error;
    return out;
  }
  std::vector<RunRecord> all = history->Runs(row_id, &error);
  const auto self =
      std::find_if(all.begin(), all.end(), [run_id](const RunRecord& r) { return r.id == run_id; });
  if (self == all.end()) {
    *note = error.empty() ? "this run is not in the history" : error;
    return out;
  }
  const RunRecord me = *self;
  std::vector<RunRecord> runs = history->RunsWithMetrics(me.row_id, false, &error);
  runs.erase(std::remove_if(runs.begin(), runs.end(),
                            [&me](const RunRecord& r) {
                              return r.id > me.id || r.load != me.load ||
                                     r.fingerprint != me.fingerprint ||
                                     (r.outcome == Outcome::kInconclusive && r.id != me.id);
                            }),
             runs.end());
  if (runs.size() > kMostRuns) runs.erase(runs.begin(), runs.end() - kMostRuns);
  std::vector<std::pair<std::string, std::string>> metrics;
  for (Latency l : followed) metrics.emplace_back(std::string(NameOf(l)), "p95");
  for (const Threshold& t : thresholds) {
    if (!t.relative) continue;
    std::pair<std::string, std::string> m{std::string(t.metric_name()), t.stat_name};
    if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
  }
  BaselineQuery query;
  query.row_id = me.row_id;
  query.load = me.load;
  query.fingerprint = me.fingerprint;
  query.runs = baseline.runs;
  query.revision = baseline.revision;
  query.before_run = me.id;
  const Baseline base = history->BaselineFor(query, &error);
  for (const auto& [metric, stat] : metrics) {
    MetricHistory h;
    h.metric = metric;
    h.stat = stat;
    std::vector<double> values;
    for (const RunRecord& r : runs) {
      const std::optional<double> v = StatOf(r, metric, stat);
      if (!v) continue;
      HistoryPoint p;
      p.run_id = r.id;
      p.revision = r.revision;
      p.started_unix_s = r.started_unix_s;
      p.value = *v;
      p.outcome = r.outcome;
      p.this_run = r.id == me.id;
      p.in_baseline =
          std::find(base.run_ids.begin(), base.run_ids.end(), r.id) != base.run_ids.end();
      h.points.push_back(p);
      values.push_back(*v);
    }
    if (h.points.empty()) continue;
    for (const ChangePoint& c : ChangePoints(values)) h.changes.push_back(c.index);
    out.push_back(std::move(h));
  }
  if (out.empty()) *note = "no earlier run of this row on this machine";
  return out;
}

void WriteHtmlReport(RowOutcome* out, const std::string& row_id, const std::string& test_name,
                     const std::string& row_json, const BaselineChoice& baseline) {
  std::string stem = out->report_path;
  if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".json") == 0)
    stem.resize(stem.size() - 5);
  std::vector<Threshold> thresholds;
  for (const auto& [id, sourced] : out->thresholds) {
    std::string ignored;
    if (id != row_id) continue;
    if (auto t = ParseThreshold(sourced.text, &ignored)) thresholds.push_back(*t);
  }
  HtmlReportInput in;
  in.outcome = out;
  in.row_id = row_id;
  in.test_name = test_name;
  in.context = out->context;
  in.row_json = row_json;
  in.history = HistoryOfRun(out->history_path, row_id, out->history_run_id, baseline, thresholds,
                            out->result.series.followed, &in.history_note);
  std::string error;
  const std::string path = stem + ".html";
  if (!WriteTextFile(path, RenderHtmlReport(in), &error) ||
      !WriteHtmlIndex(std::filesystem::path(path).parent_path().string().empty()
                          ? "."
                          : std::filesystem::path(path).parent_path().string(),
                      &error)) {
    out->report_error += (out->report_error.empty() ? "" : "; ") + error;
    return;
  }
  out->html_path = path;
}

}  // namespace swarmgate
