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
      {"server_rss max < 2", "memory bound needs a unit"},
      {"server_rss max < 2GiB/h", "memory bound needs a unit"},
      {"server_rss growth < 100MiB", "per hour"},
      {"server_rss p95 < 2GiB", "unknown stat \"p95\" for server_rss"},
      {"server_cpu growth < 5%", "unknown stat \"growth\" for server_cpu"},
      {"server_cpu mean < 0.5", "percentage of a core"},
      {"client_rss machine_mean < 1GiB", "unknown stat"},
      {"message_latency drift < 1.5ms", "plain ratio"},
      {"messages_lost drift < 1.5", "takes count or rate"},
  };
  for (const auto& [text, why] : cases) {
    std::string error;
    EXPECT_FALSE(ParseThreshold(text, &error)) << text;
    EXPECT_NE(error.find(std::string("threshold \"") + text + "\""), std::string::npos) << error;
    EXPECT_NE(error.find(why), std::string::npos) << error;
  }
}

TEST(Threshold, ParsesResourceAndDriftGates) {
  Threshold t = Parse("server_rss max < 2GiB");
  EXPECT_EQ(std::get<Gauge>(t.metric), Gauge::kServerRss);
  EXPECT_EQ(t.unit, Unit::kBytes);
  EXPECT_EQ(t.bound, 2.0 * 1024 * 1024 * 1024);
  EXPECT_EQ(Parse("server_rss max < 500 MB").bound, 500e6);
  t = Parse("server_rss growth < 100MiB/h");
  EXPECT_EQ(t.stat, Stat::kGrowth);
  EXPECT_EQ(t.bound, 100.0 * 1024 * 1024);
  t = Parse("server_cpu mean < 50%");
  EXPECT_EQ(t.unit, Unit::kFraction);
  EXPECT_DOUBLE_EQ(t.bound, 0.5);
  EXPECT_DOUBLE_EQ(Parse("server_cpu max < 150%").bound, 1.5);  // a share of one core
  EXPECT_EQ(Parse("client_cpu machine_mean < 90%").stat, Stat::kMachineMean);
  t = Parse("message_latency drift < 1.5");
  EXPECT_EQ(t.stat, Stat::kDrift);
  EXPECT_FALSE(t.is_latency_value());  // a ratio: no loop-lag bound derives from it
  EXPECT_EQ(Parse("message_latency drift < 2x").bound, 2);
}

TEST(Threshold, ObservesGaugesAndDriftFromTheSeries) {
  TimeSeries series;
  series.cores = 2;
  for (int s = 0; s < 60; ++s) {
    series.gauge(Gauge::kServerRss).Add(s, 100e6 + s * 1e6);  // +1 MB a second
    series.gauge(Gauge::kServerCpu).Add(s, s % 2 ? 0.6 : 0.2);
  }
  const Recorder r;
  EXPECT_DOUBLE_EQ(*Observe(Parse("server_rss max < 2GiB"), r, &series), 159e6);
  EXPECT_NEAR(*Observe(Parse("server_rss growth < 1GiB/h"), r, &series), 3600e6, 1);
  EXPECT_NEAR(*Observe(Parse("server_cpu mean < 50%"), r, &series), 0.4, 1e-9);
  EXPECT_NEAR(*Observe(Parse("server_cpu machine_mean < 50%"), r, &series), 0.2, 1e-9);
  EXPECT_FALSE(Observe(Parse("client_rss max < 1GiB"), r, &series));        // never sampled
  EXPECT_FALSE(Observe(Parse("server_rss max < 2GiB"), r));                 // no series at all
  EXPECT_FALSE(Observe(Parse("message_latency drift < 1.5"), r, &series));  // not followed
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
  EXPECT_EQ(FormatValue(Parse("server_rss max < 2GiB"), 1.5 * 1024 * 1024 * 1024), "1.5 GiB");
  EXPECT_EQ(FormatValue(Parse("server_rss growth < 1GiB/h"), 120 * 1048576.0), "120 MiB/h");
  EXPECT_EQ(FormatValue(Parse("server_cpu mean < 50%"), 0.625), "62.5 %");
  EXPECT_EQ(FormatValue(Parse("message_latency drift < 1.5"), 1.72), "1.72");
}

}  // namespace
}  // namespace swarmgate
