#include "swarmgate/verdict.h"

#include <algorithm>

namespace swarmgate {
namespace {

std::string_view Negation(Compare op) {
  switch (op) {
    case Compare::kLess:
      return ">=";
    case Compare::kLessEqual:
      return ">";
    case Compare::kGreater:
      return "<=";
    case Compare::kGreaterEqual:
      return "<";
    case Compare::kEqual:
      return "!=";
  }
  return "?";
}

std::string_view Spelling(Compare op) {
  switch (op) {
    case Compare::kLess:
      return "<";
    case Compare::kLessEqual:
      return "<=";
    case Compare::kGreater:
      return ">";
    case Compare::kGreaterEqual:
      return ">=";
    case Compare::kEqual:
      return "==";
  }
  return "?";
}

}  // namespace

std::string_view NameOf(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kInconclusive:
      return "inconclusive";
  }
  return "?";
}

bool Verdict::Violates(std::string_view metric) const {
  for (const auto& m : violated_metrics) {
    if (m == metric) return true;
  }
  return false;
}

std::string Verdict::Summary() const {
  std::string out(NameOf(outcome));
  for (const auto& r : inconclusive_reasons) out += "\n  inconclusive: " + r;
  for (const auto& v : violations) out += "\n  " + v;
  for (const auto& n : not_measured) out += "\n  not measured: " + n;
  for (const auto& n : not_applicable) out += "\n  not applicable: " + n;
  for (const auto& n : notes) out += "\n  note: " + n;
  return out;
}

void Verdict::AddViolation(std::string line, std::string metric) {
  violations.push_back(std::move(line));
  violated_metrics.push_back(std::move(metric));
  if (outcome == Outcome::kPass) outcome = Outcome::kFail;
}

void Verdict::AddInconclusive(std::string reason) {
  inconclusive_reasons.push_back(std::move(reason));
  if (outcome == Outcome::kPass) outcome = Outcome::kInconclusive;
}

void Verdict::Absorb(const Verdict& other) {
  violations.insert(violations.end(), other.violations.begin(), other.violations.end());
  violated_metrics.insert(violated_metrics.end(), other.violated_metrics.begin(),
                          other.violated_metrics.end());
  inconclusive_reasons.insert(inconclusive_reasons.end(), other.inconclusive_reasons.begin(),
                              other.inconclusive_reasons.end());
  not_measured.insert(not_measured.end(), other.not_measured.begin(), other.not_measured.end());
  not_applicable.insert(not_applicable.end(), other.not_applicable.begin(),
                        other.not_applicable.end());
  if (other.outcome == Outcome::kFail ||
      (other.outcome == Outcome::kInconclusive && outcome == Outcome::kPass)) {
    outcome = other.outcome;
  }
}

Verdict Judge(const std::vector<Threshold>& thresholds, const Recorder& recorder,
              const TimeSeries* series, std::string_view row_name,
              const std::vector<std::string>& generator_problems,
              const NotApplicable& not_applicable) {
  Verdict verdict;
  const std::string row = " [" + std::string(row_name) + "]";
  for (const Threshold& t : thresholds) {
    if (t.relative) continue;  // judged against the history (regression.h)
    const auto reason = std::find_if(not_applicable.begin(), not_applicable.end(),
                                     [&t](const auto& r) { return r.first == t.metric_name(); });
    if (reason != not_applicable.end()) {
      verdict.not_applicable.push_back(t.text + ": " + reason->second + row);
      continue;
    }
    const Gauge* gauge = std::get_if<Gauge>(&t.metric);
    if (gauge && (*gauge == Gauge::kServerRss || *gauge == Gauge::kServerCpu) && series &&
        !series->server_sampled) {
      verdict.not_measured.push_back(t.text +
                                     ": the server's resources are not sampled (set "
                                     "SWARMGATE_SERVER_PID or SWARMGATE_METRICS_URL)" +
                                     row);
      continue;
    }
    const std::string head = std::string(t.metric_name()) + " " + t.stat_name + " ";
    const std::optional<double> observed = Observe(t, recorder, series);
    if (!observed) {
      verdict.violations.push_back(head + "no samples (bound " + std::string(Spelling(t.op)) + " " +
                                   FormatValue(t, t.bound) + ")" + row);
    } else if (!t.Holds(*observed)) {
      verdict.violations.push_back(head + FormatValue(t, *observed) + " " +
                                   std::string(Negation(t.op)) + " " + FormatValue(t, t.bound) +
                                   row);
    } else {
      continue;
    }
    verdict.violated_metrics.emplace_back(t.metric_name());
  }
  verdict.inconclusive_reasons = generator_problems;
  if (!generator_problems.empty()) {
    verdict.outcome = Outcome::kInconclusive;
  } else if (!verdict.violations.empty()) {
    verdict.outcome = Outcome::kFail;
  }
  return verdict;
}

}  // namespace swarmgate
