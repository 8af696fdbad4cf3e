#include "swarmgate/regression.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "swarmgate/rank_test.h"

namespace swarmgate {
namespace {

std::string Percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.1f %%", fraction * 100.0);
  return text;
}

std::string PValue(double p) {
  char text[32];
  std::snprintf(text, sizeof text, p < 0.0001 ? "%.1e" : "%.4f", p);
  return text;
}

}  // namespace

std::pair<std::string, std::string> SamplesOf(const Threshold& t) {
  if (std::holds_alternative<Gauge>(t.metric)) return {std::string(t.metric_name()), "value"};
  return {std::string(t.metric_name()), t.stat_name};
}

std::vector<std::string> JudgeRegressions(const std::vector<Threshold>& thresholds,
                                          const RunRecord& run, const History& history,
                                          const BaselineChoice& choice, const std::string& row_id,
                                          Verdict* verdict) {
  std::vector<std::string> lines;
  const std::string row = " [" + row_id + "]";
  for (const Threshold& t : thresholds) {
    if (!t.relative) continue;
    const auto [metric, stat] = SamplesOf(t);
    std::vector<double> now;
    for (const SecondSamples& s : run.seconds) {
      if (s.metric == metric && s.stat == stat) now = s.value;
    }
    BaselineQuery query;
    query.row_id = run.row_id;
    query.load = run.load;
    query.fingerprint = run.fingerprint;
    query.metric = metric;
    query.stat = stat;
    query.runs = choice.runs;
    query.revision = choice.revision;
    std::string error;
    const Baseline baseline = history.BaselineFor(query, &error);
    const std::string of_baseline =
        choice.revision.empty()
            ? "this row's last passing runs on this machine"
            : "passing runs of revision " + choice.revision + " on this machine";
    std::string note;
    if (!error.empty()) {
      note = t.text + ": not judged: " + error;
    } else if (baseline.run_ids.empty()) {
      note =
          t.text + ": not judged: no baseline yet (" + of_baseline + " in " + history.path() + ")";
    } else if (now.size() < kMinRegressionSamples ||
               baseline.values.size() < kMinRegressionSamples) {
      note = t.text + ": not judged: too few per-second samples (" + std::to_string(now.size()) +
             " in this run, " + std::to_string(baseline.values.size()) + " in " +
             std::to_string(baseline.run_ids.size()) + " baseline runs; " +
             std::to_string(kMinRegressionSamples) + " needed on each side)";
    }
    if (!note.empty()) {
      verdict->notes.push_back(note + row);
      lines.push_back(note);
      continue;
    }
    const double median_now = Median(now);
    const double median_then = Median(baseline.values);
    const double change = median_then > 0 ? median_now / median_then - 1 : 0;
    std::vector<double> raised = baseline.values;
    for (double& v : raised) v *= 1 + t.bound;
    const RankTestResult test = LaterIsLarger(now, raised);
    const auto value_text = [&t](double v) {
      if (std::holds_alternative<Latency>(t.metric)) {
        Threshold micros = t;
        micros.unit = Unit::kMicros;
        return FormatValue(micros, v);
      }
      Threshold gauge = t;
      gauge.unit = IsMemory(std::get<Gauge>(t.metric)) ? Unit::kBytes : Unit::kFraction;
      return FormatValue(gauge, v);
    };
    char bound[32];
    std::snprintf(bound, sizeof bound, "%g %%", t.bound * 100.0);
    const std::string measured =
        Percent(change) + " against " + std::to_string(baseline.run_ids.size()) +
        " baseline runs (median per second " + value_text(median_now) + " vs " +
        value_text(median_then) + "; Mann-Whitney p = " + PValue(test.p_value) +
        " if the rise were within " + bound + ")";
    if (test.p_value < kRegressionLevel) {
      verdict->AddViolation(
          std::string(t.metric_name()) + " " + t.stat_name + " regressed " + measured + row,
          std::string(t.metric_name()));
      lines.push_back(t.text + ": " + measured + ", broke");
    } else {
      lines.push_back(t.text + ": " + measured + ", held");
    }
  }
  return lines;
}

}  // namespace swarmgate
