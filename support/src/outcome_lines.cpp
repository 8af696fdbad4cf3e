#include <cmath>
#include <cstdio>

#include "swarmgate/run.h"
#include "swarmgate/threshold.h"

namespace swarmgate {

std::vector<std::string> OutcomeLines(const RowOutcome& out, const std::string& row_id) {
  std::vector<std::string> lines;
  lines.push_back("[ verdict  ] " + row_id + " on " + out.target + ": " + out.verdict.Summary());
  lines.push_back("[ report   ] " + out.report_path);
  if (!out.html_path.empty()) lines.push_back("[ html     ] " + out.html_path);
  if (!out.junit_path.empty()) lines.push_back("[ junit    ] " + out.junit_path);
  if (out.history_run_id > 0) {
    lines.push_back("[ history  ] run " + std::to_string(out.history_run_id) + " in " +
                    out.history_path);
  }
  if (!out.history_error.empty()) lines.push_back("[ problem  ] " + out.history_error);
  for (const Figure& f : out.figures) {
    char line[160];
    // Whole numbers in full (bytes, connections), the rest to six significant digits.
    const bool whole = std::fabs(f.value) >= 1e4 && std::fabs(f.value) < 1e15;
    std::snprintf(line, sizeof line, whole ? "[ figure   ] %s = %.0f" : "[ figure   ] %s = %.6g",
                  f.name.c_str(), f.value);
    lines.emplace_back(line);
  }
  if (!out.result.server_sampling_error.empty()) {
    lines.push_back("[ errors   ] server resources: " + out.result.server_sampling_error);
  }
  for (int i = 0; i < static_cast<int>(ErrorClass::kCount_); ++i) {
    const auto& tally = out.result.errors.tally(static_cast<ErrorClass>(i));
    if (tally.count > 0) {
      lines.push_back("[ errors   ] " + std::string(NameOf(static_cast<ErrorClass>(i))) + " x" +
                      std::to_string(tally.count) + ", first: " + tally.sample);
    }
  }
  return lines;
}

std::vector<std::string> ThresholdLines(const RowOutcome& out, const std::string& row_id) {
  std::vector<std::string> lines;
  for (const auto& [id, sourced] : out.thresholds) {
    if (id != row_id) continue;  // a row alongside: measured by its own swarm
    std::string error;
    const std::optional<Threshold> t = ParseThreshold(sourced.text, &error);
    if (!t) continue;
    if (t->relative) {
      const std::string head = sourced.text + ": ";
      for (const std::string& judged : out.regression_lines) {
        if (judged.rfind(head, 0) == 0) lines.push_back(judged);
      }
      continue;
    }
    const std::optional<double> value = Observe(*t, out.result.metrics, &out.result.series);
    std::string line = sourced.text + ": " +
                       (value ? FormatValue(*t, *value) + (t->Holds(*value) ? ", held" : ", broke")
                              : std::string("no value"));
    if (sourced.source != "row") line += " (from " + sourced.source + ")";
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace swarmgate
