#pragma once
// Runs one row from its parameters to its verdict and its report, without GoogleTest: the
// CTest fixture (fixtures/scenario_test.cpp) is a thin adapter over RunRow.
//   validate the row and its rows alongside ─▶ parse their thresholds ─▶ preconditions (open
//   files, time) ─▶ the profile and the flow's verbs ─▶ the target, opened by the caller ─▶
//   the transport and URL, chosen once for every row ─▶ probe ─▶ the swarms, the main row's
//   and each row alongside at once ─▶ judge (generator check, thresholds, rows alongside,
//   breaking point, unfinished flows, the started server still alive) ─▶ the JSON report.

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "swarmgate/breaking_point.h"
#include "swarmgate/load_spec.h"
#include "swarmgate/progress.h"
#include "swarmgate/regression.h"
#include "swarmgate/report.h"
#include "swarmgate/run_target.h"
#include "swarmgate/shard.h"
#include "swarmgate/slo.h"
#include "swarmgate/swarm.h"
#include "swarmgate/verdict.h"

namespace swarmgate {

// What opening a target came to: the target, or why it could not be opened (a problem), or
// why the row does not apply to it (a row bound to a bundled server, and the user named
// their own).
struct OpenedTarget {
  std::unique_ptr<RunTarget> target;
  std::string error;
  std::string not_applicable;
};

struct RunEnvironment {
  std::string row_id;                  // names the row in verdict lines, e.g. "Smoke/Chat/Pairs20"
  std::string test_name;               // the report's "test", e.g. "Smoke/Chat.MeetsSlo/Pairs20"
  std::string report_dir = "reports";  // the report is <report_dir>/<test_name, file-safe>.json
  std::string report_file;             // when set, the report's path instead
  // A JUnit XML file beside the report, for CI systems: the row's verdict about its server.
  // Off for self-tests, whose verdict is meant to fail and whose test passes when it does.
  bool write_junit = true;
  // The profile of rows that name none (a name in profiles_dir, or a path); empty: the
  // built-in reference protocol. A row the default profile cannot run (its flow needs a verb
  // the profile does not map) does not apply; a row's own profile must fit it.
  std::string default_profile;
  std::string profiles_dir;  // where shipped profiles are found by name
  std::string working_dir;   // where relative profile paths start (the user's, not CTest's)
  // The whole run must be over, report written, within this many seconds of RunRow's start.
  double timeout_s = 1500;
  // Starts or names the server the row runs against (log_path: where a started server
  // writes).
  std::function<OpenedTarget(const LoadSpec& row, const std::string& log_path)> open_target;
  // Shows a line while the row runs (steps judged, rows alongside); unset: nothing is shown.
  std::function<void(const std::string& line)> print;
  // Bounds laid over the rows' thresholds (slo.h); null: the rows' own only.
  const SloFile* slo = nullptr;
  // Live progress of the main row while its swarm runs (progress.h), written to progress_out.
  ProgressMode progress = ProgressMode::kOff;
  std::FILE* progress_out = stdout;
  // Runs one shard of the row (shard.h) and writes its result file (shard_result.h) instead
  // of a report: shards are judged together, by a merge (shard_merge.h).
  ShardSpec shard;
  // Time zero of the row's schedule on the wall clock, in microseconds since the Unix epoch
  // (shards started together share it); 0: as soon as the target answers.
  std::int64_t start_unix_us = 0;
  // Which plan the row came from ("<file name> fnv1a64:<digest>"), so that a merge refuses
  // shards of different plans.
  std::string plan = "command line";
  // Loopback addresses the connections come from, each in turn (TargetUrl::source_addresses);
  // empty: the kernel's choice.
  std::vector<std::string> source_addresses;
  // The SQLite history every judged run is added to (history.h), and against which relative
  // thresholds ("regress < 10%") are judged; empty: none is kept, and they are not judged.
  std::string history_path;
  BaselineChoice baseline;
  // A run the swarm limited (generator_check.h) measured the generator, not the server: it is
  // run again, from a new target, up to this many times while the timeout leaves room. Each
  // attempt goes into the history; the verdict is the last attempt's, with a note per retry.
  // Not for shards (their merge judges) nor rows that starve their own swarm on purpose.
  int inconclusive_retries = 0;
};

struct RowOutcome {
  // Why the row could not be run (a bad row or profile, a missing precondition, a target that
  // is not there), one line each. When not empty, nothing below is set.
  std::vector<std::string> problems;
  // Why the row does not apply to this target (one line); then it was not run, and nothing
  // below is set.
  std::string not_applicable;
  std::string target;           // what was loaded, and how, for a console line
  Verdict verdict;              // of the row and its rows alongside
  RunResult result;             // what the main row's swarm measured
  std::vector<Figure> figures;  // headline figures (report.h)
  // Every threshold judged and where it came from, the rows alongside's after the main row's
  // (their ids: "<row id>+<side>").
  std::vector<std::pair<std::string, SourcedThreshold>> thresholds;
  std::optional<BreakingPoint> breaking_point;  // breaking_point rows: the steps judged
  std::string report_path;
  std::string html_path;  // the row's HTML report (html_report.h)
  // What the run ran on (host, revision, target, ...), credentials redacted.
  std::vector<std::pair<std::string, std::string>> context;
  std::string junit_path;    // the row's JUnit XML (write_junit), for every row tried, run or not
  std::string shard_path;    // a shard's result file (RunEnvironment::shard)
  std::string report_error;  // the report could not be written (the verdict stands)
  // Each relative threshold of the main row and what it came to (regression.h).
  std::vector<std::string> regression_lines;
  std::string history_path;         // the history the run was added to
  std::int64_t history_run_id = 0;  // the run's id in it; 0: not added
  std::string history_error;        // the history could not be read or added to

  bool ran() const { return problems.empty() && not_applicable.empty(); }
};

// Runs the row against the target environment.open_target gives; blocks until the run is
// over. Never throws for bad input: every problem is a line in RowOutcome::problems.
RowOutcome RunRow(const LoadSpec& row, const RunEnvironment& environment);

// What a run came to, as console lines: the verdict (with every violation, reason and note),
// the report's path, the headline figures and each class of error with its first sample.
//   [ verdict  ] Smoke/Chat/Pairs20 on reference_server ws://127.0.0.1:40123/ws ...: pass
std::vector<std::string> OutcomeLines(const RowOutcome& outcome, const std::string& row_id);

// Each threshold of the main row with what the run measured against it, one line each:
//   message_latency p95 < 50ms: 0.269 ms, held (from slo.json families/chat)
// ("no value" where the run has none: the verdict lines say why).
std::vector<std::string> ThresholdLines(const RowOutcome& outcome, const std::string& row_id);

// A shipped profile's name (looked up in profiles_dir), or a path to a profile (anything with
// a '/' or ".json"), made absolute from working_dir when relative.
std::string ProfilePath(const std::string& name_or_path, const std::string& profiles_dir,
                        const std::string& working_dir = "");

}  // namespace swarmgate
