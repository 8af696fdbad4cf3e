#include "swarmgate/regression.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "swarmgate/run_history.h"

namespace swarmgate {
namespace {

class Regression : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("swarmgate-regression-test-" + std::to_string(getpid()) + ".sqlite"))
                .string();
    std::filesystem::remove(path_);
    std::string error;
    history_ = History::Open(path_, &error);
    ASSERT_TRUE(history_) << error;
    std::string parse_error;
    threshold_ = *ParseThreshold("pairing_time p95 regress < 10%", &parse_error);
  }
  void TearDown() override {
    history_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  // A run whose per-second p95 values are `level` times a noisy 50 ms.
  RunRecord Run(double level, int seconds = 20) {
    std::normal_distribution<double> noise(50'000, 1'500);
    RunRecord r;
    r.row_id = "Row";
    r.fingerprint = "m";
    SecondSamples s{"pairing_time", "p95", {}, {}};
    for (int i = 0; i < seconds; ++i) {
      s.second.push_back(i);
      s.value.push_back(level * noise(rng_));
    }
    r.seconds.push_back(s);
    return r;
  }
  std::vector<std::string> Judge(const RunRecord& run, Verdict* verdict) {
    return JudgeRegressions({threshold_}, run, *history_, BaselineChoice{}, "Row", verdict);
  }
  void AddPassing(RunRecord run) {
    std::string error;
    ASSERT_TRUE(history_->Add(&run, &error)) << error;
  }

  std::string path_;
  std::unique_ptr<History> history_;
  Threshold threshold_;
  std::mt19937_64 rng_{17};
};

TEST_F(Regression, WithNoBaselineTheBoundIsNotJudgedAndSaysSo) {
  Verdict verdict;
  const auto lines = Judge(Run(1.0), &verdict);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "pairing_time p95 regress < 10%: not judged: no baseline yet (this row's "
            "last passing runs on this machine in " +
                path_ + ")");
  EXPECT_EQ(verdict.outcome, Outcome::kPass);
  ASSERT_EQ(verdict.notes.size(), 1u);
  EXPECT_EQ(verdict.notes[0], lines[0] + " [Row]");
}

TEST_F(Regression, HealthyRunsHoldAndTwentyPercentSlowerBreaks) {
  for (int i = 0; i < 5; ++i) AddPassing(Run(1.0));
  int false_alarms = 0;
  for (int i = 0; i < 50; ++i) {
    Verdict verdict;
    Judge(Run(1.0), &verdict);
    if (verdict.outcome != Outcome::kPass) ++false_alarms;
  }
  EXPECT_EQ(false_alarms, 0);
  Verdict slower;
  const auto lines = Judge(Run(1.2), &slower);
  EXPECT_EQ(slower.outcome, Outcome::kFail);
  ASSERT_EQ(slower.violated_metrics, std::vector<std::string>{"pairing_time"});
  EXPECT_EQ(slower.violations[0].rfind("pairing_time p95 regressed +", 0), 0u)
      << slower.violations[0];
  EXPECT_NE(lines[0].find(", broke"), std::string::npos) << lines[0];
  // 5 % slower is within the bound.
  Verdict within;
  Judge(Run(1.05), &within);
  EXPECT_EQ(within.outcome, Outcome::kPass);
}

TEST_F(Regression, TooFewSamplesAreNotJudged) {
  AddPassing(Run(1.0, 20));
  Verdict verdict;
  const auto lines = Judge(Run(2.0, 3), &verdict);
  EXPECT_EQ(verdict.outcome, Outcome::kPass);
  EXPECT_NE(lines[0].find("too few per-second samples (3 in this run, 20 in 1 baseline runs; 8 "
                          "needed on each side)"),
            std::string::npos)
      << lines[0];
}

TEST_F(Regression, ANamedRevisionIsTheBaseline) {
  RunRecord fast = Run(1.0);
  fast.revision = "v1";
  AddPassing(fast);
  for (int i = 0; i < 3; ++i) {
    RunRecord slow = Run(1.3);
    slow.revision = "v2";
    AddPassing(slow);
  }
  Verdict against_last;
  JudgeRegressions({threshold_}, Run(1.3), *history_, BaselineChoice{}, "Row", &against_last);
  EXPECT_EQ(against_last.outcome, Outcome::kPass);
  Verdict against_v1;
  BaselineChoice v1;
  v1.revision = "v1";
  JudgeRegressions({threshold_}, Run(1.3), *history_, v1, "Row", &against_v1);
  EXPECT_EQ(against_v1.outcome, Outcome::kFail);
}

TEST(RegressionThreshold, IsParsedAndBadOnesAreOneLine) {
  std::string error;
  const auto t = ParseThreshold("pairing_time p99 regress < 15 %", &error);
  ASSERT_TRUE(t) << error;
  EXPECT_TRUE(t->relative);
  EXPECT_DOUBLE_EQ(t->bound, 0.15);
  EXPECT_EQ(SamplesOf(*t), (std::pair<std::string, std::string>{"pairing_time", "p99"}));
  EXPECT_TRUE(ParseThreshold("server_cpu mean regress <= 20%", &error)) << error;
  EXPECT_EQ(SameBoundKey("pairing_time p95 regress < 10%"), "pairing_time p95 regress");
  EXPECT_NE(SameBoundKey("pairing_time p95 regress < 10%"), SameBoundKey("pairing_time p95 < 1s"));
  const std::pair<const char*, const char*> bad[] = {
      {"pairing_time p95 regress < 10ms",
       "a regression bound is a percentage above the "
       "baseline, e.g. 10%"},
      {"pairing_time p95 regress > 10%", "a regression bound is written \"regress < N%\" (or <=)"},
      {"pairing_time max regress < 10%",
       "a regression bound judges a latency percentile (p50, "
       "p95, p99, ...)"},
      {"connect_failures rate regress < 10%",
       "a regression bound judges a latency percentile "
       "or a gauge's mean, not a counter"},
      {"server_rss max regress < 10%", "a regression bound judges a gauge's mean"},
      {"pairing_time p95 regress", "expected \"<metric> <stat> regress < <N>%\""},
      {"pairing_time p95 regress < 0%",
       "a regression bound is a percentage above the "
       "baseline, e.g. 10%"},
  };
  for (const auto& [text, why] : bad) {
    EXPECT_FALSE(ParseThreshold(text, &error)) << text;
    EXPECT_EQ(error, "threshold \"" + std::string(text) + "\": " + why);
  }
}

TEST(LoadDigest, NamesThresholdsFaultsAndExpectationsDoNotChangeTheLoadButParametersDo) {
  const std::string row = R"({"name": "a", "users": 100, "thresholds": ["pairing_time p95 < 1s"], )"
                          R"("server_faults": [], "expect_violated": [], "alongside": []})";
  const std::string renamed_and_faulty =
      R"({"name": "b", "users": 100, "thresholds": ["pairing_time p95 regress < 5%"], )"
      R"("server_faults": ["--match-delay-ms=60"], "expect_violated": ["x"], "alongside": []})";
  const std::string twice_the_users =
      R"({"name": "a", "users": 200, "thresholds": ["pairing_time p95 < 1s"], )"
      R"("server_faults": [], "expect_violated": [], "alongside": []})";
  EXPECT_EQ(LoadDigest(row), LoadDigest(renamed_and_faulty));
  EXPECT_NE(LoadDigest(row), LoadDigest(twice_the_users));
  EXPECT_EQ(LoadDigest(row).rfind("fnv1a64:", 0), 0u);
}

}  // namespace
}  // namespace swarmgate
