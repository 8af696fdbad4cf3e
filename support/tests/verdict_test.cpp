#include "swarmgate/verdict.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

std::vector<Threshold> Parse(std::initializer_list<const char*> texts) {
  std::vector<Threshold> out;
  for (const char* text : texts) {
    std::string error;
    out.push_back(*ParseThreshold(text, &error));
  }
  return out;
}

TEST(Verdict, ListsEveryViolationOneLineEach) {
  Recorder r;
  for (int i = 0; i < 100; ++i) r.Record(Latency::kPairingTime, 1'320'000);
  r.Add(Counter::kMatchAttempts, 100);
  r.Add(Counter::kMatchSuccess, 93);
  r.Add(Counter::kDuplicateMatches, 2);
  const Verdict v = Judge(
      Parse({"pairing_time p95 < 1s", "match_success rate >= 95%", "duplicate_matches count == 0",
             "match_timeouts count == 0", "message_latency p95 < 100ms"}),
      r, nullptr, "Smoke/Matchmaking/Pairs50", {});
  EXPECT_EQ(v.outcome, Outcome::kFail);
  const std::vector<std::string> expected = {
      "pairing_time p95 1.32 s >= 1 s [Smoke/Matchmaking/Pairs50]",
      "match_success rate 93 % < 95 % [Smoke/Matchmaking/Pairs50]",
      "duplicate_matches count 2 != 0 [Smoke/Matchmaking/Pairs50]",
      "message_latency p95 no samples (bound < 100 ms) [Smoke/Matchmaking/Pairs50]",
  };
  EXPECT_EQ(v.violations, expected);
  EXPECT_TRUE(v.Violates("pairing_time"));
  EXPECT_FALSE(v.Violates("match_timeouts"));
}

TEST(Verdict, PassesWhenEveryThresholdHolds) {
  Recorder r;
  r.Record(Latency::kPairingTime, 5000);
  const Verdict v = Judge(Parse({"pairing_time p95 < 1s", "duplicate_matches count == 0"}), r,
                          nullptr, "row", {});
  EXPECT_EQ(v.outcome, Outcome::kPass);
  EXPECT_TRUE(v.violations.empty());
  EXPECT_EQ(v.Summary(), "pass");
}

TEST(Verdict, GeneratorProblemsMakeItInconclusiveNeverPass) {
  Recorder r;
  r.Record(Latency::kPairingTime, 5000);
  const Verdict v =
      Judge(Parse({"pairing_time p95 < 1s"}), r, nullptr, "row", {"offered load 80 % of intended"});
  EXPECT_EQ(v.outcome, Outcome::kInconclusive);
  EXPECT_EQ(v.Summary(), "inconclusive\n  inconclusive: offered load 80 % of intended");
}

TEST(Verdict, ServerGatesWithoutASourceAreListedNotJudged) {
  Recorder r;
  TimeSeries series;  // an external server: nothing says where its resources are read
  series.server_sampled = false;
  Verdict v = Judge(Parse({"server_rss max < 2GiB"}), r, &series, "row", {});
  EXPECT_EQ(v.outcome, Outcome::kPass);
  ASSERT_EQ(v.not_measured.size(), 1u);
  EXPECT_NE(v.not_measured[0].find("SWARMGATE_SERVER_PID"), std::string::npos);

  series.server_sampled = true;  // a source, but no sample came back: that fails
  v = Judge(Parse({"server_rss max < 2GiB"}), r, &series, "row", {});
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.violations,
            std::vector<std::string>{"server_rss max no samples (bound < 2 GiB) [row]"});
}

}  // namespace
}  // namespace swarmgate
