#pragma once
// Every run's rows in one SQLite file, so that a release is judged against the runs before
// it (regression.h), a metric's course over revisions can be looked at (change_points.h) and
// exported. One row of `runs` per judged run: revision, plan, row, machine, time, verdict;
// beside it every metric's summary and histogram, the per-second samples and the windows.
// Writers take the database's write lock for a whole run (BEGIN IMMEDIATE) and wait for each
// other (busy timeout), and the journal is a write-ahead log: two CTest jobs recording at
// once never corrupt it. The schema's version is the database's user_version.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "swarmgate/report.h"
#include "swarmgate/swarm.h"
#include "swarmgate/verdict.h"

struct sqlite3;

namespace swarmgate {

// What makes two runs comparable: the same hardware, kernel and build.
struct Machine {
  std::string cpu_model;  // /proc/cpuinfo "model name"
  int cores = 0;
  std::string kernel;               // uname -r
  std::string build_type;           // CMake's, of the engine
  std::string Fingerprint() const;  // all four in one line, the key runs are compared by
};
Machine ThisMachine();

struct MetricSummary {
  std::string name;        // a metric's name (metrics.h)
  std::string kind;        // "latency" (microseconds), "counter" or "gauge" (bytes or a core share)
  std::int64_t count = 0;  // values (latency), the count (counter), samples (gauge)
  double min = 0, mean = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0, p999 = 0, max = 0;
  std::optional<double> rate;  // a counter with a denominator
  std::string histogram;       // a latency's non-zero buckets, "[[value,count],...]"
};

// Per-second values of one metric's statistic: a latency's percentile of each second, a
// gauge's sample of each second. The samples a regression is judged on.
struct SecondSamples {
  std::string metric;
  std::string stat;  // "p95", "p99", ... for a latency; "value" for a gauge
  std::vector<int> second;
  std::vector<double> value;
};

struct WindowSummary {
  std::string metric;
  int index = 0;
  double start_s = 0, end_s = 0;
  bool complete = false;
  std::int64_t count = 0, p50 = 0, p95 = 0, p99 = 0;
};

struct RunRecord {
  std::int64_t id = 0;  // set by History::Add
  double started_unix_s = 0;
  std::string revision, plan, row_id, test_name, target, report_path;
  std::string load;  // the row's parameters, digested (LoadDigest): runs of one load compare
  Machine machine;
  std::string fingerprint;  // machine.Fingerprint(), as stored
  Outcome outcome = Outcome::kPass;
  std::vector<MetricSummary> metrics;
  std::vector<SecondSamples> seconds;
  std::vector<WindowSummary> windows;
  std::vector<Figure> figures;
};

// A run's summaries and samples as the history keeps them. extra_stats: per-second
// percentiles to keep beyond every followed latency's p95 (a regression bound's, e.g.
// {"pairing_time", "p99"}); they need the series' second values.
RunRecord RecordOf(const RunResult& result, const Verdict& verdict,
                   const std::vector<std::pair<std::string, std::string>>& extra_stats = {});

// The runs a regression is judged against.
struct BaselineQuery {
  std::string row_id;
  std::string load;
  std::string fingerprint;
  std::string metric, stat;     // per-second samples of this (SecondSamples)
  int runs = 5;                 // the last this many passing runs ...
  std::string revision;         // ... or, when set, the passing runs of this revision
  std::int64_t before_run = 0;  // only runs older than this one (0: any)
};
struct Baseline {
  std::vector<std::int64_t> run_ids;
  std::vector<std::string> revisions;
  std::vector<double> values;  // every per-second sample of those runs
};

class History {
 public:
  // Opens or creates the file (and its folder). nullptr with *error set to one line naming
  // the file when it is not a history, is of a newer schema, or cannot be opened.
  static std::unique_ptr<History> Open(const std::string& path, std::string* error);
  ~History();
  History(const History&) = delete;
  History& operator=(const History&) = delete;

  static constexpr int kSchemaVersion = 1;
  const std::string& path() const { return path_; }

  // Adds a run and everything measured in it, at once; sets run->id.
  bool Add(RunRecord* run, std::string* error);

  Baseline BaselineFor(const BaselineQuery& query, std::string* error) const;

  // Runs, newest last; row_id empty: every row. Without metrics or samples.
  std::vector<RunRecord> Runs(const std::string& row_id, std::string* error) const;
  // The runs of a row with their metrics (and samples when with_samples), oldest first.
  std::vector<RunRecord> RunsWithMetrics(const std::string& row_id, bool with_samples,
                                         std::string* error) const;

 private:
  History(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  bool Exec(const char* sql, std::string* error) const;
  sqlite3* db_;
  std::string path_;
};

// A metric's value in one run for a statistic as thresholds write it (p95, p99.9, mean, max,
// min, count, rate); nullopt when the run has no such metric or statistic.
std::optional<double> StatOf(const RunRecord& run, const std::string& metric,
                             const std::string& stat);

}  // namespace swarmgate
