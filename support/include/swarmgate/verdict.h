#pragma once
// A run's verdict: every threshold evaluated, every violation listed as one line.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "swarmgate/recorder.h"
#include "swarmgate/threshold.h"

namespace swarmgate {

enum class Outcome { kPass, kFail, kInconclusive };
std::string_view NameOf(Outcome outcome);  // "pass", "fail", "inconclusive"

struct Verdict {
  Outcome outcome = Outcome::kPass;
  // One line per broken threshold, e.g.
  //   pairing_time p95 1.32 s >= 1 s [Smoke/Matchmaking/Pairs50]
  std::vector<std::string> violations;
  std::vector<std::string> violated_metrics;  // metric name of each violation, same order
  // Why the run cannot be judged (the generator, not the server, limited it).
  std::vector<std::string> inconclusive_reasons;
  // Thresholds on the server's resources when nothing says where to read them (an external
  // server without SWARMGATE_SERVER_PID or SWARMGATE_METRICS_URL): listed, not judged.
  std::vector<std::string> not_measured;
  // Thresholds on what the server, as its profile describes it, cannot show (a typing gate
  // where the server has no typing indicators): listed with the reason, not judged.
  std::vector<std::string> not_applicable;
  // Checks the run made only in part, and why (a server that names no partner).
  std::vector<std::string> notes;

  bool Violates(std::string_view metric) const;
  std::string Summary() const;  // all lines joined by newlines, starting with the outcome

  // A violation found outside the thresholds (a row's own check): fails a passing verdict.
  void AddViolation(std::string line, std::string metric);
  // A reason the run cannot be judged: makes a passing verdict inconclusive.
  void AddInconclusive(std::string reason);
  // Takes in another verdict of the same run (a row alongside): its lines join these, and
  // the outcome is the worse of the two (fail, then inconclusive, then pass).
  void Absorb(const Verdict& other);
};

// Metric name -> why the run cannot measure it (see Verdict::not_applicable).
using NotApplicable = std::vector<std::pair<std::string, std::string>>;

// Evaluates every threshold against the merged recorder and the run's series (gauges and
// drift; may be null). generator_problems (non-empty when the swarm could not produce the
// row's load) make the verdict inconclusive regardless. Thresholds on a metric in
// not_applicable are listed there instead of judged.
Verdict Judge(const std::vector<Threshold>& thresholds, const Recorder& recorder,
              const TimeSeries* series, std::string_view row_name,
              const std::vector<std::string>& generator_problems,
              const NotApplicable& not_applicable = {});

}  // namespace swarmgate
