#include "swarmgate/history.h"

#include <sqlite3.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "swarmgate/metrics.h"

namespace swarmgate {
namespace {

constexpr int kBusyTimeoutMs = 120'000;  // a writer waits this long for another's run

// The tables of schema version 1.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  started_unix_s REAL NOT NULL,
  revision TEXT NOT NULL,
  plan TEXT NOT NULL,
  row_id TEXT NOT NULL,
  load TEXT NOT NULL,
  test_name TEXT NOT NULL,
  target TEXT NOT NULL,
  report_path TEXT NOT NULL,
  cpu_model TEXT NOT NULL,
  cores INTEGER NOT NULL,
  kernel TEXT NOT NULL,
  build_type TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'fail', 'inconclusive')),
  inconclusive INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_row ON runs (row_id, load, fingerprint, verdict, id);
CREATE TABLE IF NOT EXISTS metrics (
  run_id INTEGER NOT NULL REFERENCES runs (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL,
  min REAL, mean REAL, p50 REAL, p90 REAL, p95 REAL, p99 REAL, p999 REAL, max REAL,
  rate REAL,
  histogram TEXT,
  PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS seconds (
  run_id INTEGER NOT NULL REFERENCES runs (id),
  metric TEXT NOT NULL,
  stat TEXT NOT NULL,
  second INTEGER NOT NULL,
  value REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS seconds_by_run ON seconds (run_id, metric, stat);
CREATE TABLE IF NOT EXISTS windows (
  run_id INTEGER NOT NULL REFERENCES runs (id),
  metric TEXT NOT NULL,
  window INTEGER NOT NULL,
  start_s REAL NOT NULL,
  end_s REAL NOT NULL,
  complete INTEGER NOT NULL,
  count INTEGER NOT NULL,
  p50 INTEGER NOT NULL, p95 INTEGER NOT NULL, p99 INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS figures (
  run_id INTEGER NOT NULL REFERENCES runs (id),
  name TEXT NOT NULL,
  value REAL NOT NULL
);
)sql";

// One prepared statement, finalized when it goes.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return stmt_ != nullptr; }

  Statement& Bind(int i, const std::string& text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, int v) { return Bind(i, static_cast<std::int64_t>(v)); }
  Statement& Bind(int i, const std::optional<double>& v) {
    if (v) return Bind(i, *v);
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // SQLITE_ROW or SQLITE_DONE on success.
  int Step() { return sqlite3_step(stmt_); }
  // Runs an insert again with new values.
  bool StepAndReset() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc == SQLITE_DONE;
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int i) const {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  double Real(int i) const { return sqlite3_column_double(stmt_, i); }
  std::int64_t Int(int i) const { return sqlite3_column_int64(stmt_, i); }
  bool Null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::string ReadCpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) break;
    std::string model = line.substr(colon + 1);
    while (!model.empty() && model.front() == ' ') model.erase(model.begin());
    return model;
  }
  return "unknown CPU";
}

std::string HistogramText(const Histogram& h) {
  std::string text = "[";
  for (const auto& [value, count] : h.NonZeroBuckets()) {
    if (text.size() > 1) text += ',';
    text += "[" + std::to_string(value) + "," + std::to_string(count) + "]";
  }
  return text + "]";
}

// "p95" -> 95, "p99.9" -> 99.9; nullopt for anything else.
std::optional<double> PercentileOf(const std::string& stat) {
  if (stat.size() < 2 || stat[0] != 'p') return std::nullopt;
  char* end = nullptr;
  const double p = std::strtod(stat.c_str() + 1, &end);
  if (*end != '\0' || !(p >= 0 && p <= 100)) return std::nullopt;
  return p;
}

std::string Error(sqlite3* db, const std::string& path, const std::string& doing) {
  return "history " + path + ": " + doing + ": " + sqlite3_errmsg(db);
}

}  // namespace

std::string Machine::Fingerprint() const {
  return cpu_model + " | " + std::to_string(cores) + " cores | Linux " + kernel + " | " +
         build_type;
}

Machine ThisMachine() {
  Machine m;
  m.cpu_model = ReadCpuModel();
  m.cores = static_cast<int>(std::thread::hardware_concurrency());
  utsname u{};
  m.kernel = uname(&u) == 0 ? u.release : "unknown";
  m.build_type = SWARMGATE_BUILD_TYPE;
  return m;
}

RunRecord RecordOf(const RunResult& result, const Verdict& verdict,
                   const std::vector<std::pair<std::string, std::string>>& extra_stats) {
  RunRecord run;
  run.outcome = verdict.outcome;
  run.machine = ThisMachine();
  run.fingerprint = run.machine.Fingerprint();
  for (std::size_t i = 0; i < kLatencyCount; ++i) {
    const auto latency = static_cast<Latency>(i);
    const Histogram& h = result.metrics.histogram(latency);
    if (h.count() == 0) continue;
    MetricSummary m;
    m.name = std::string(NameOf(latency));
    m.kind = "latency";
    m.count = h.count();
    m.min = static_cast<double>(h.min());
    m.mean = h.mean();
    m.p50 = static_cast<double>(h.ValueAtPercentile(50));
    m.p90 = static_cast<double>(h.ValueAtPercentile(90));
    m.p95 = static_cast<double>(h.ValueAtPercentile(95));
    m.p99 = static_cast<double>(h.ValueAtPercentile(99));
    m.p999 = static_cast<double>(h.ValueAtPercentile(99.9));
    m.max = static_cast<double>(h.max());
    m.histogram = HistogramText(h);
    run.metrics.push_back(std::move(m));
  }
  for (std::size_t i = 0; i < kCounterCount; ++i) {
    const auto counter = static_cast<Counter>(i);
    const std::int64_t n = result.metrics.count(counter);
    MetricSummary m;
    m.name = std::string(NameOf(counter));
    m.kind = "counter";
    m.count = n;
    if (auto d = DenominatorOf(counter); d && result.metrics.count(*d) > 0) {
      m.rate = static_cast<double>(n) / static_cast<double>(result.metrics.count(*d));
    }
    if (n == 0 && !m.rate) continue;  // a run's unused counters say nothing
    run.metrics.push_back(std::move(m));
  }
  const TimeSeries& series = result.series;
  for (std::size_t i = 0; i < kGaugeCount; ++i) {
    const auto gauge = static_cast<Gauge>(i);
    const GaugeSeries& g = series.gauge(gauge);
    if (g.empty()) continue;
    MetricSummary m;
    m.name = std::string(NameOf(gauge));
    m.kind = "gauge";
    std::vector<double> sorted = g.value;
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&sorted](double p) {
      const auto rank = static_cast<std::size_t>(
          std::max(1.0, std::ceil(p / 100.0 * static_cast<double>(sorted.size()))));
      return sorted[rank - 1];
    };
    m.count = static_cast<std::int64_t>(sorted.size());
    m.min = sorted.front();
    m.mean = g.Mean();
    m.p50 = at(50);
    m.p90 = at(90);
    m.p95 = at(95);
    m.p99 = at(99);
    m.p999 = at(99.9);
    m.max = sorted.back();
    run.metrics.push_back(std::move(m));
    SecondSamples s;
    s.metric = m.name;
    s.stat = "value";
    for (std::size_t k = 0; k < g.value.size(); ++k) {
      s.second.push_back(static_cast<int>(std::floor(g.t_s[k])));
      s.value.push_back(g.value[k]);
    }
    run.seconds.push_back(std::move(s));
  }
  for (std::size_t m = 0; m < series.followed.size(); ++m) {
    SecondSamples s;
    s.metric = std::string(NameOf(series.followed[m]));
    s.stat = "p95";
    for (std::size_t k = 0; k < series.seconds.size(); ++k) {
      const std::int64_t v = m < series.seconds[k].p95_us.size() ? series.seconds[k].p95_us[m] : -1;
      if (v < 0) continue;
      s.second.push_back(static_cast<int>(k));
      s.value.push_back(static_cast<double>(v));
    }
    run.seconds.push_back(std::move(s));
    for (std::size_t w = 0; w < series.windows.size(); ++w) {
      const Window& window = series.windows[w];
      if (m >= window.latency.size() || window.latency[m].count == 0) continue;
      const LatencyWindow& l = window.latency[m];
      run.windows.push_back({std::string(NameOf(series.followed[m])), static_cast<int>(w),
                             window.start_s, window.end_s, window.complete, l.count, l.p50_us,
                             l.p95_us, l.p99_us});
    }
  }
  for (const auto& [metric, stat] : extra_stats) {
    const std::optional<double> p = PercentileOf(stat);
    if (!p || stat == "p95") continue;
    const auto followed =
        std::find_if(series.followed.begin(), series.followed.end(),
                     [&metric = metric](Latency l) { return NameOf(l) == metric; });
    if (followed == series.followed.end()) continue;
    const auto m = static_cast<std::size_t>(followed - series.followed.begin());
    SecondSamples s;
    s.metric = metric;
    s.stat = stat;
    for (std::size_t k = 0; k < series.second_values.size(); ++k) {
      if (m >= series.second_values[k].size() || series.second_values[k][m].empty()) continue;
      Histogram h;
      for (const auto& [value, count] : series.second_values[k][m]) h.Record(value, count);
      s.second.push_back(static_cast<int>(k));
      s.value.push_back(static_cast<double>(h.ValueAtPercentile(*p)));
    }
    run.seconds.push_back(std::move(s));
  }
  return run;
}

std::unique_ptr<History> History::Open(const std::string& path, std::string* error) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    *error = "history " + path + ": cannot open: " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<History> history(new History(db, path));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // WAL: readers never block the writer; NORMAL sync is durable at each checkpoint.
  if (!history->Exec("PRAGMA journal_mode=WAL", error) ||
      !history->Exec("PRAGMA synchronous=NORMAL", error) ||
      !history->Exec("BEGIN IMMEDIATE", error)) {
    return nullptr;
  }
  Statement version(db, "PRAGMA user_version");
  const int schema =
      version.ok() && version.Step() == SQLITE_ROW ? static_cast<int>(version.Int(0)) : -1;
  bool ok = true;
  if (schema < 0) {
    *error = Error(db, path, "not an SQLite database");
    ok = false;
  } else if (schema > kSchemaVersion) {
    *error = "history " + path + ": schema version " + std::to_string(schema) +
             " is newer than this swarmgate's (" + std::to_string(kSchemaVersion) +
             "): use a newer swarmgate or another file";
    ok = false;
  } else if (schema == 0) {
    Statement tables(db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
    if (tables.ok() && tables.Step() == SQLITE_ROW && tables.Int(0) > 0) {
      *error = "history " + path + ": an SQLite database that is not a swarmgate history";
      ok = false;
    } else {
      ok = history->Exec(kSchema, error) &&
           history->Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str(), error);
    }
  }
  if (!ok) {
    std::string ignored;
    history->Exec("ROLLBACK", &ignored);
    return nullptr;
  }
  if (!history->Exec("COMMIT", error)) return nullptr;
  return history;
}

History::~History() { sqlite3_close(db_); }

bool History::Exec(const char* sql, std::string* error) const {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  *error = "history " + path_ + ": " + (message ? message : "failed");
  sqlite3_free(message);
  return false;
}

bool History::Add(RunRecord* run, std::string* error) {
  if (!Exec("BEGIN IMMEDIATE", error)) return false;
  const auto fail = [&](const char* doing) {
    *error = Error(db_, path_, doing);
    std::string ignored;
    Exec("ROLLBACK", &ignored);
    return false;
  };
  {
    Statement insert(db_,
                     "INSERT INTO runs (started_unix_s, revision, plan, row_id, test_name, "
                     "target, report_path, cpu_model, cores, kernel, build_type, fingerprint, "
                     "verdict, inconclusive, load) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!insert.ok()) return fail("adding a run");
    insert.Bind(1, run->started_unix_s)
        .Bind(2, run->revision)
        .Bind(3, run->plan)
        .Bind(4, run->row_id)
        .Bind(5, run->test_name)
        .Bind(6, run->target)
        .Bind(7, run->report_path)
        .Bind(8, run->machine.cpu_model)
        .Bind(9, run->machine.cores)
        .Bind(10, run->machine.kernel)
        .Bind(11, run->machine.build_type)
        .Bind(12, run->fingerprint.empty() ? run->machine.Fingerprint() : run->fingerprint)
        .Bind(13, std::string(NameOf(run->outcome)))
        .Bind(14, run->outcome == Outcome::kInconclusive ? 1 : 0)
        .Bind(15, run->load);
    if (!insert.StepAndReset()) return fail("adding a run");
    run->id = sqlite3_last_insert_rowid(db_);
  }
  Statement metric(db_,
                   "INSERT INTO metrics (run_id, name, kind, count, min, mean, p50, p90, p95, "
                   "p99, p999, max, rate, histogram) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!metric.ok()) return fail("adding metrics");
  for (const MetricSummary& m : run->metrics) {
    metric.Bind(1, run->id).Bind(2, m.name).Bind(3, m.kind).Bind(4, m.count);
    if (m.kind != "counter") {
      metric.Bind(5, m.min).Bind(6, m.mean).Bind(7, m.p50).Bind(8, m.p90).Bind(9, m.p95);
      metric.Bind(10, m.p99).Bind(11, m.p999).Bind(12, m.max);
    }
    metric.Bind(13, m.rate);
    if (!m.histogram.empty()) metric.Bind(14, m.histogram);
    if (!metric.StepAndReset()) return fail("adding metrics");
  }
  Statement second(db_,
                   "INSERT INTO seconds (run_id, metric, stat, second, value) VALUES (?,?,?,?,?)");
  if (!second.ok()) return fail("adding samples");
  for (const SecondSamples& s : run->seconds) {
    for (std::size_t k = 0; k < s.value.size(); ++k) {
      second.Bind(1, run->id).Bind(2, s.metric).Bind(3, s.stat).Bind(4, s.second[k]);
      second.Bind(5, s.value[k]);
      if (!second.StepAndReset()) return fail("adding samples");
    }
  }
  Statement window(db_,
                   "INSERT INTO windows (run_id, metric, window, start_s, end_s, complete, "
                   "count, p50, p95, p99) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!window.ok()) return fail("adding windows");
  for (const WindowSummary& w : run->windows) {
    window.Bind(1, run->id).Bind(2, w.metric).Bind(3, w.index).Bind(4, w.start_s);
    window.Bind(5, w.end_s).Bind(6, w.complete ? 1 : 0).Bind(7, w.count).Bind(8, w.p50);
    window.Bind(9, w.p95).Bind(10, w.p99);
    if (!window.StepAndReset()) return fail("adding windows");
  }
  Statement figure(db_, "INSERT INTO figures (run_id, name, value) VALUES (?,?,?)");
  if (!figure.ok()) return fail("adding figures");
  for (const Figure& f : run->figures) {
    figure.Bind(1, run->id).Bind(2, f.name).Bind(3, f.value);
    if (!figure.StepAndReset()) return fail("adding figures");
  }
  if (!Exec("COMMIT", error)) {
    std::string ignored;
    Exec("ROLLBACK", &ignored);
    return false;
  }
  return true;
}

Baseline History::BaselineFor(const BaselineQuery& q, std::string* error) const {
  Baseline b;
  // Passing runs only: a failed run is no yardstick, an inconclusive one measured the
  // generator.
  Statement runs(db_,
                 q.revision.empty()
                     ? "SELECT id, revision FROM runs WHERE row_id = ? AND fingerprint = ? AND "
                       "verdict = 'pass' AND (? = 0 OR id < ?) AND load = ? "
                       "ORDER BY id DESC LIMIT ?"
                     : "SELECT id, revision FROM runs WHERE row_id = ? AND fingerprint = ? AND "
                       "verdict = 'pass' AND (? = 0 OR id < ?) AND load = ? AND revision = ? "
                       "ORDER BY id DESC");
  if (!runs.ok()) {
    *error = Error(db_, path_, "reading the baseline");
    return b;
  }
  runs.Bind(1, q.row_id).Bind(2, q.fingerprint).Bind(3, q.before_run).Bind(4, q.before_run);
  runs.Bind(5, q.load);
  if (q.revision.empty()) {
    runs.Bind(6, q.runs);
  } else {
    runs.Bind(6, q.revision);
  }
  while (runs.Step() == SQLITE_ROW) {
    b.run_ids.push_back(runs.Int(0));
    b.revisions.push_back(runs.Text(1));
  }
  Statement samples(db_, "SELECT value FROM seconds WHERE run_id = ? AND metric = ? AND stat = ?");
  for (std::int64_t id : b.run_ids) {
    samples.Bind(1, id).Bind(2, q.metric).Bind(3, q.stat);
    while (samples.Step() == SQLITE_ROW) b.values.push_back(samples.Real(0));
    samples.Reset();
  }
  return b;
}

namespace {

constexpr const char* kRunColumns =
    "SELECT id, started_unix_s, revision, plan, row_id, test_name, target, report_path, "
    "cpu_model, cores, kernel, build_type, fingerprint, verdict, load FROM runs";

RunRecord RunFrom(const Statement& s) {
  RunRecord r;
  r.id = s.Int(0);
  r.started_unix_s = s.Real(1);
  r.revision = s.Text(2);
  r.plan = s.Text(3);
  r.row_id = s.Text(4);
  r.test_name = s.Text(5);
  r.target = s.Text(6);
  r.report_path = s.Text(7);
  r.machine.cpu_model = s.Text(8);
  r.machine.cores = static_cast<int>(s.Int(9));
  r.machine.kernel = s.Text(10);
  r.machine.build_type = s.Text(11);
  r.fingerprint = s.Text(12);
  const std::string verdict = s.Text(13);
  r.load = s.Text(14);
  r.outcome = verdict == "pass"   ? Outcome::kPass
              : verdict == "fail" ? Outcome::kFail
                                  : Outcome::kInconclusive;
  return r;
}

}  // namespace

std::vector<RunRecord> History::Runs(const std::string& row_id, std::string* error) const {
  std::vector<RunRecord> runs;
  Statement s(db_, (std::string(kRunColumns) + " WHERE ? = '' OR row_id = ? ORDER BY id").c_str());
  if (!s.ok()) {
    *error = Error(db_, path_, "reading runs");
    return runs;
  }
  s.Bind(1, row_id).Bind(2, row_id);
  while (s.Step() == SQLITE_ROW) runs.push_back(RunFrom(s));
  return runs;
}

std::vector<RunRecord> History::RunsWithMetrics(const std::string& row_id, bool with_samples,
                                                std::string* error) const {
  std::vector<RunRecord> runs = Runs(row_id, error);
  Statement metric(db_,
                   "SELECT name, kind, count, min, mean, p50, p90, p95, p99, p999, max, rate, "
                   "histogram FROM metrics WHERE run_id = ? ORDER BY rowid");
  Statement second(db_,
                   "SELECT metric, stat, second, value FROM seconds WHERE run_id = ? "
                   "ORDER BY rowid");
  Statement window(db_,
                   "SELECT metric, window, start_s, end_s, complete, count, p50, p95, p99 "
                   "FROM windows WHERE run_id = ? ORDER BY rowid");
  Statement figure(db_, "SELECT name, value FROM figures WHERE run_id = ? ORDER BY rowid");
  if (!metric.ok() || !second.ok() || !window.ok() || !figure.ok()) {
    *error = Error(db_, path_, "reading metrics");
    return {};
  }
  for (RunRecord& run : runs) {
    metric.Bind(1, run.id);
    while (metric.Step() == SQLITE_ROW) {
      MetricSummary m;
      m.name = metric.Text(0);
      m.kind = metric.Text(1);
      m.count = metric.Int(2);
      m.min = metric.Real(3);
      m.mean = metric.Real(4);
      m.p50 = metric.Real(5);
      m.p90 = metric.Real(6);
      m.p95 = metric.Real(7);
      m.p99 = metric.Real(8);
      m.p999 = metric.Real(9);
      m.max = metric.Real(10);
      if (!metric.Null(11)) m.rate = metric.Real(11);
      m.histogram = metric.Text(12);
      run.metrics.push_back(std::move(m));
    }
    metric.Reset();
    figure.Bind(1, run.id);
    while (figure.Step() == SQLITE_ROW) run.figures.push_back({figure.Text(0), figure.Real(1)});
    figure.Reset();
    if (!with_samples) continue;
    second.Bind(1, run.id);
    while (second.Step() == SQLITE_ROW) {
      if (run.seconds.empty() || run.seconds.back().metric != second.Text(0) ||
          run.seconds.back().stat != second.Text(1)) {
        run.seconds.push_back({second.Text(0), second.Text(1), {}, {}});
      }
      run.seconds.back().second.push_back(static_cast<int>(second.Int(2)));
      run.seconds.back().value.push_back(second.Real(3));
    }
    second.Reset();
    window.Bind(1, run.id);
    while (window.Step() == SQLITE_ROW) {
      run.windows.push_back({window.Text(0), static_cast<int>(window.Int(1)), window.Real(2),
                             window.Real(3), window.Int(4) != 0, window.Int(5), window.Int(6),
                             window.Int(7), window.Int(8)});
    }
    window.Reset();
  }
  return runs;
}

std::optional<double> StatOf(const RunRecord& run, const std::string& metric,
                             const std::string& stat) {
  const auto m = std::find_if(run.metrics.begin(), run.metrics.end(),
                              [&](const MetricSummary& s) { return s.name == metric; });
  if (m == run.metrics.end()) return std::nullopt;
  if (stat == "count") return static_cast<double>(m->count);
  if (stat == "rate") return m->rate;
  if (m->kind == "counter") return std::nullopt;
  if (stat == "min") return m->min;
  if (stat == "mean") return m->mean;
  if (stat == "max") return m->max;
  if (stat == "p50") return m->p50;
  if (stat == "p90") return m->p90;
  if (stat == "p95") return m->p95;
  if (stat == "p99") return m->p99;
  if (stat == "p99.9") return m->p999;
  return std::nullopt;
}

}  // namespace swarmgate
