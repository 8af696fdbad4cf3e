#include "swarmgate/threshold.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

Threshold Parse(const char* text) {
  std::string error;
  auto t = ParseThreshold(text, &error);
  EXPECT_TRUE(t) << error;
  return t.value_or(Threshold{});
}

TEST(Threshold, ParsesTheFieldNotesGates) {
  Threshold t = Parse("pairing_time p95 < 1s");
  EXPECT_EQ(std::get<Latency>(t.metric), Latency::kPairingTime);
  EXPECT_EQ(t.stat, Stat::kPercentile);
  EXPECT_EQ(t.percentile, 95);
  EXPECT_EQ(t.op, Compare::kLess);
  EXPECT_EQ(t.bound, 1e6);

  t = Parse("connect_failures rate < 1%");
  EXPECT_EQ(std::get<Counter>(t.metric), Counter::kConnectFailures);
  EXPECT_EQ(t.stat, Stat::kRate);
  EXPECT_DOUBLE_EQ(t.bound, 0.01);

  t = Parse("duplicate_matches count == 0");
  EXPECT_EQ(t.stat, Stat::kCount);
  EXPECT_EQ(t.op, Compare::kEqual);

  EXPECT_EQ(Parse("message_latency p99.9 <= 250 ms").bound, 250e3);
  EXPECT_EQ(Parse("message_latency p99.9 <= 250 ms").percentile, 99.9);
  EXPECT_EQ(Parse("typing_latency max < 900us").bound, 900);
  EXPECT_EQ(Parse("match_success rate >= 95%").op, Compare::kGreaterEqual);
  EXPECT_EQ(Parse("connect_time count > 10").stat, Stat::kCount);
}

TEST(Threshold, RejectsMalformedTextWithAReasonQuotingIt) {
  const std::pair<const char*, const char*> cases[] = {
      {"pairing_time p95 < 1", "needs a unit"},
      {"pairing_time p95 < 1 parsec", "needs a unit"},
      {"pairing_tim p95 < 1s", "unknown metric \"pairing_tim\""},
      {"pairing_time p101 < 1s", "bad percentile"},
      {"pairing_time px < 1s", "bad percentile"},
      {"pairing_time median < 1s", "unknown stat"},
      {"pairing_time p95 ~ 1s", "unknown operator"},
      {"pairing_time p95 < fast", "bad value"},
      {"pairing_time rate < 1%", "has no rate"},
      {"connect_failures p95 < 1%", "takes count or rate"},
      {"connect_failures rate < 1", "percentage"},
      {"connect_failures rate < 150%", "0%..100%"},
      {"messages_sent rate < 1%", "has no rate"},
      {"duplicate_matches count == 0ms", "no unit"},
      {"pairing_time p95 <", "expected"},
      {"", "expected"},
  };
  for (const auto& [text, why] : cases) {
    std::string error;
    EXPECT_FALSE(ParseThreshold(text, &error)) << text;
    EXPECT_NE(error.find(std::string("threshold \"") + text + "\""), std::string::npos) << error;
    EXPECT_NE(error.find(why), std::string::npos) << error;
  }
}

TEST(Threshold, ObservesStatsFromARecorder) {
  Recorder r;
  for (int i = 1; i <= 100; ++i) r.Record(Latency::kPairingTime, i * 1000);
  r.Add(Counter::kConnectAttempts, 200);
  r.Add(Counter::kConnectFailures, 3);
  const double p95 = *Observe(Parse("pairing_time p95 < 1s"), r);  // 3 significant digits
  EXPECT_GE(p95, 95'000);
  EXPECT_LE(p95, 95'000 + 95'000 / 1024);
  EXPECT_EQ(*Observe(Parse("pairing_time max < 1s"), r), 100'000);
  EXPECT_EQ(*Observe(Parse("pairing_time count > 1"), r), 100);
  EXPECT_DOUBLE_EQ(*Observe(Parse("connect_failures rate < 1%"), r), 0.015);
  EXPECT_EQ(*Observe(Parse("connect_failures count == 0"), r), 3);
  EXPECT_FALSE(Observe(Parse("message_latency p95 < 1s"), r));   // no samples
  EXPECT_FALSE(Observe(Parse("match_success rate >= 95%"), r));  // zero denominator
}

TEST(Threshold, FormatsValuesInTheirUnit) {
  EXPECT_EQ(FormatValue(Parse("pairing_time p95 < 1s"), 1'320'000), "1.32 s");
  EXPECT_EQ(FormatValue(Parse("pairing_time p95 < 1s"), 87'400), "87.4 ms");
  EXPECT_EQ(FormatValue(Parse("pairing_time p95 < 1s"), 950), "950 us");
  EXPECT_EQ(FormatValue(Parse("connect_failures rate < 1%"), 0.005), "0.5 %");
  EXPECT_EQ(FormatValue(Parse("duplicate_matches count == 0"), 3), "3");
}

}  // namespace
}  // namespace swarmgate
