#include "swarmgate/history.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace swarmgate {
namespace {

class HistoryFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("swarmgate-history-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    path_ = (dir_ / "sub" / "history.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static RunRecord Run(const std::string& row, Outcome outcome, const std::string& revision,
                       std::vector<double> p95_samples, const std::string& fingerprint = "m1") {
    RunRecord r;
    r.row_id = row;
    r.test_name = row;
    r.revision = revision;
    r.plan = "plan";
    r.outcome = outcome;
    r.fingerprint = fingerprint;
    r.started_unix_s = 1.7e9;
    MetricSummary m;
    m.name = "pairing_time";
    m.kind = "latency";
    m.count = static_cast<std::int64_t>(p95_samples.size());
    m.p95 = p95_samples.empty() ? 0 : p95_samples.front();
    m.histogram = "[[1,2]]";
    r.metrics.push_back(m);
    SecondSamples s{"pairing_time", "p95", {}, {}};
    for (std::size_t i = 0; i < p95_samples.size(); ++i) {
      s.second.push_back(static_cast<int>(i));
      s.value.push_back(p95_samples[i]);
    }
    r.seconds.push_back(s);
    r.windows.push_back({"pairing_time", 0, 0, 60, true, 10, 1, 2, 3});
    r.figures.push_back({"connect_rate_per_s", 100});
    return r;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(HistoryFile, ARunComesBackWithItsMetricsSamplesWindowsAndFigures) {
  std::string error;
  auto history = History::Open(path_, &error);
  ASSERT_TRUE(history) << error;
  RunRecord run = Run("Smoke/Chat/Pairs20", Outcome::kPass, "abc", {10, 20, 30});
  ASSERT_TRUE(history->Add(&run, &error)) << error;
  EXPECT_GT(run.id, 0);
  const auto runs = history->RunsWithMetrics("Smoke/Chat/Pairs20", true, &error);
  ASSERT_EQ(runs.size(), 1u) << error;
  EXPECT_EQ(runs[0].revision, "abc");
  EXPECT_EQ(runs[0].outcome, Outcome::kPass);
  ASSERT_EQ(runs[0].metrics.size(), 1u);
  EXPECT_EQ(runs[0].metrics[0].histogram, "[[1,2]]");
  EXPECT_FALSE(runs[0].metrics[0].rate);
  ASSERT_EQ(runs[0].seconds.size(), 1u);
  EXPECT_EQ(runs[0].seconds[0].value, (std::vector<double>{10, 20, 30}));
  ASSERT_EQ(runs[0].windows.size(), 1u);
  EXPECT_EQ(runs[0].windows[0].p99, 3);
  ASSERT_EQ(runs[0].figures.size(), 1u);
  EXPECT_EQ(StatOf(runs[0], "pairing_time", "p95"), 10);
  EXPECT_FALSE(StatOf(runs[0], "pairing_time", "p42"));
  EXPECT_FALSE(StatOf(runs[0], "message_latency", "p95"));
  EXPECT_TRUE(history->Runs("Other/Row", &error).empty());
}

TEST_F(HistoryFile, TheBaselineIsTheLastPassingRunsOfTheRowOnTheSameMachine) {
  std::string error;
  auto history = History::Open(path_, &error);
  ASSERT_TRUE(history) << error;
  const std::vector<std::pair<Outcome, double>> runs = {
      {Outcome::kPass, 1}, {Outcome::kPass, 2},         {Outcome::kFail, 3},
      {Outcome::kPass, 4}, {Outcome::kInconclusive, 5}, {Outcome::kPass, 6}};
  for (const auto& [outcome, value] : runs) {
    RunRecord r = Run("Row", outcome, value < 4 ? "old" : "new", {value});
    ASSERT_TRUE(history->Add(&r, &error)) << error;
  }
  RunRecord other_row = Run("Other", Outcome::kPass, "new", {100});
  RunRecord other_machine = Run("Row", Outcome::kPass, "new", {200}, "m2");
  RunRecord other_load = Run("Row", Outcome::kPass, "new", {300});
  other_load.load = "fnv1a64:other";
  ASSERT_TRUE(history->Add(&other_row, &error) && history->Add(&other_machine, &error) &&
              history->Add(&other_load, &error));
  BaselineQuery q;
  q.row_id = "Row";
  q.fingerprint = "m1";
  q.metric = "pairing_time";
  q.stat = "p95";
  q.runs = 3;
  Baseline b = history->BaselineFor(q, &error);
  EXPECT_EQ(b.values, (std::vector<double>{6, 4, 2})) << error;  // never the failed or inconclusive
  q.revision = "old";
  b = history->BaselineFor(q, &error);
  EXPECT_EQ(b.values, (std::vector<double>{2, 1}));
  q.revision.clear();
  q.before_run = b.run_ids.front();  // runs older than run 2
  EXPECT_EQ(history->BaselineFor(q, &error).values, (std::vector<double>{1}));
  q.stat = "p99";  // not kept
  q.before_run = 0;
  b = history->BaselineFor(q, &error);
  EXPECT_EQ(b.run_ids.size(), 3u);
  EXPECT_TRUE(b.values.empty());
}

TEST_F(HistoryFile, TwoWriterProcessesAtOnceLoseNothing) {
  {
    std::string error;
    ASSERT_TRUE(History::Open(path_, &error)) << error;
  }
  // Two processes, as two CTest jobs are: SQLite's locks between processes are the file's.
  constexpr int kRunsEach = 40;
  std::vector<pid_t> writers;
  for (const char* row : {"A", "B"}) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::string error;
      auto history = History::Open(path_, &error);
      bool ok = history != nullptr;
      for (int i = 0; ok && i < kRunsEach; ++i) {
        RunRecord r = Run(row, Outcome::kPass, "r", std::vector<double>(50, i));
        ok = history->Add(&r, &error);
      }
      if (!ok) std::fprintf(stderr, "writer %s: %s\n", row, error.c_str());
      _exit(ok ? 0 : 1);
    }
    writers.push_back(pid);
  }
  for (pid_t pid : writers) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer failed";
  }
  std::string error;
  auto history = History::Open(path_, &error);
  ASSERT_TRUE(history) << error;
  EXPECT_EQ(history->Runs("A", &error).size(), static_cast<std::size_t>(kRunsEach));
  EXPECT_EQ(history->Runs("", &error).size(), static_cast<std::size_t>(2 * kRunsEach));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* check = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)), "ok");
  sqlite3_finalize(check);
  sqlite3_close(db);
}

TEST_F(HistoryFile, ANewerSchemaAnotherDatabaseOrAFileThatIsNoneAreOneLineErrors) {
  std::filesystem::create_directories(dir_);
  const std::string newer = (dir_ / "newer.sqlite").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(newer.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  std::string error;
  EXPECT_FALSE(History::Open(newer, &error));
  EXPECT_EQ(error, "history " + newer +
                       ": schema version 99 is newer than this swarmgate's (1): use a newer "
                       "swarmgate or another file");
  const std::string other = (dir_ / "other.sqlite").string();
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_FALSE(History::Open(other, &error));
  EXPECT_EQ(error, "history " + other + ": an SQLite database that is not a swarmgate history");
  const std::string text = (dir_ / "text.sqlite").string();
  std::ofstream(text) << "these are not the bytes of a database, and there are enough of them "
                         "to fill a header of one hundred bytes or so, which SQLite reads first";
  EXPECT_FALSE(History::Open(text, &error));
  EXPECT_EQ(error.find('\n'), std::string::npos);
  EXPECT_NE(error.find(text), std::string::npos) << error;
}

TEST(HistoryRecord, ARunsLatenciesCountersAndGaugesAreSummarized) {
  RunResult result;
  for (int v = 1; v <= 100; ++v) result.metrics.Record(Latency::kPairingTime, v * 1000);
  result.metrics.Add(Counter::kConnectAttempts, 10);
  result.metrics.Add(Counter::kConnectFailures, 1);
  result.series.followed = {Latency::kPairingTime};
  result.series.seconds.resize(3);
  result.series.seconds[0].p95_us = {5000};
  result.series.seconds[1].p95_us = {-1};
  result.series.seconds[2].p95_us = {7000};
  result.series.gauge(Gauge::kClientCpu).Add(0.5, 0.25);
  result.series.gauge(Gauge::kClientCpu).Add(1.5, 0.75);
  Verdict verdict;
  verdict.outcome = Outcome::kFail;
  const RunRecord run = RecordOf(result, verdict);
  EXPECT_EQ(run.outcome, Outcome::kFail);
  EXPECT_FALSE(run.fingerprint.empty());
  EXPECT_NEAR(*StatOf(run, "pairing_time", "p95"), 95000, 95);
  EXPECT_EQ(StatOf(run, "pairing_time", "count"), 100);
  EXPECT_EQ(StatOf(run, "connect_failures", "rate"), 0.1);
  EXPECT_EQ(StatOf(run, "client_cpu", "mean"), 0.5);
  EXPECT_EQ(StatOf(run, "client_cpu", "max"), 0.75);
  EXPECT_FALSE(StatOf(run, "message_latency", "p95"));  // no samples: not kept
  const auto p95 = std::find_if(run.seconds.begin(), run.seconds.end(),
                                [](const SecondSamples& s) { return s.metric == "pairing_time"; });
  ASSERT_NE(p95, run.seconds.end());
  EXPECT_EQ(p95->second, (std::vector<int>{0, 2}));  // a second with no value has no sample
  EXPECT_EQ(p95->value, (std::vector<double>{5000, 7000}));
}

}  // namespace
}  // namespace swarmgate
