#include "swarmgate/time_series.h"

#include <gtest/gtest.h>

#include "series_collector.h"

namespace swarmgate {
namespace {

TEST(GaugeSeries, GrowthIsTheLeastSquaresSlopePerHourFromTheSteadyPhase) {
  GaugeSeries g;
  for (int s = 0; s < 30; ++s) g.Add(s, 1000.0 * s);                     // ramp: +1000 B/s
  for (int s = 30; s < 90; ++s) g.Add(s, 30000 + (s % 2 ? 500 : -500));  // flat with noise
  // 3.6 MB/h while it ramps; from the steady phase on only the noise is left (~3 KB/h).
  EXPECT_NEAR(*g.GrowthPerHour(30), 0, 10e3);
  EXPECT_GT(*g.GrowthPerHour(0), 500e3);
  GaugeSeries line;
  for (int s = 0; s < 20; ++s) line.Add(s, 5e9 + 2e6 * s);  // large values, exact slope
  EXPECT_NEAR(*line.GrowthPerHour(0), 7.2e9, 1);
  EXPECT_FALSE(g.GrowthPerHour(85));  // five samples say nothing
  EXPECT_EQ(g.Max(), 30500);
}

Window WindowWithP95(double start_s, double length_s, std::int64_t p95_us, std::int64_t count) {
  Window w;
  w.start_s = start_s;
  w.end_s = start_s + length_s;
  w.complete = true;
  w.latency.push_back({count, p95_us / 2, p95_us, p95_us * 2});
  return w;
}

TEST(TimeSeries, DriftIsLastOverFirstAmongCompleteSteadyWindows) {
  TimeSeries s;
  s.followed = {Latency::kMessageLatency};
  s.window_s = 60;
  s.steady_from_s = 30;
  s.windows = {WindowWithP95(0, 60, 900, 500),    // in the ramp: skipped
               WindowWithP95(60, 60, 1000, 500),  // first
               WindowWithP95(120, 60, 5000, 5),   // too few samples: skipped
               WindowWithP95(180, 60, 1600, 500)};
  s.windows.push_back(WindowWithP95(240, 60, 9000, 500));
  s.windows.back().complete = false;  // cut short by the end of the run: skipped
  EXPECT_DOUBLE_EQ(*s.Drift(Latency::kMessageLatency), 1.6);
  EXPECT_FALSE(s.Drift(Latency::kPairingTime));  // not followed
  s.windows.resize(2);
  EXPECT_FALSE(s.Drift(Latency::kMessageLatency));  // one window: nothing to compare
}

TEST(SeriesCollector, BucketsAddedIsTheDifferenceOfCumulativeLists) {
  const Buckets before = {{10, 2}, {20, 1}};
  const Buckets now = {{5, 1}, {10, 2}, {20, 4}, {30, 1}};
  EXPECT_EQ(BucketsAdded(before, now), (Buckets{{5, 1}, {20, 3}, {30, 1}}));
  EXPECT_EQ(BucketsAdded({}, now), now);
  EXPECT_TRUE(BucketsAdded(now, now).empty());
}

ThreadSecond Second(std::int64_t connects, std::int64_t open, Buckets values) {
  ThreadSecond t;
  t.counters[static_cast<std::size_t>(Counter::kConnectAttempts)] = connects;
  t.counters[static_cast<std::size_t>(Counter::kProtocolErrors)] = 1;
  t.open_connections = open;
  t.values = {std::move(values)};
  return t;
}

TEST(SeriesCollector, MergesThreadsPerSecondAndWindows) {
  SeriesCollector c({Latency::kMessageLatency}, 2, 2);
  // Thread 0 runs ahead; second 0 completes only when thread 1 delivers it too.
  c.Deliver(0, 0, Second(3, 10, {{100, 19}, {5000, 1}}));
  c.Deliver(0, 1, Second(1, 11, {{200, 10}}));
  c.Deliver(1, 0, Second(2, 10, {{100, 20}}));
  c.ThreadDone(0);
  c.Deliver(1, 1, Second(0, 12, {}));
  c.Deliver(1, 2, Second(0, 12, {{300, 4}}));
  c.ThreadDone(1);
  const TimeSeries s = c.Finish(2.5);

  ASSERT_EQ(s.seconds.size(), 3u);
  EXPECT_EQ(s.seconds[0].connects, 5);
  EXPECT_EQ(s.seconds[0].errors, 2);
  EXPECT_EQ(s.seconds[0].open_connections, 10);
  EXPECT_EQ(s.seconds[0].messages, 40);
  EXPECT_EQ(s.seconds[0].p95_us[0], 100);  // the one slow value is past p95 of 40
  EXPECT_EQ(s.seconds[1].open_connections, 12);
  EXPECT_EQ(s.seconds[1].p95_us[0], 200);
  EXPECT_EQ(s.seconds[2].p95_us[0], 300);

  ASSERT_EQ(s.windows.size(), 2u);  // [0, 2) and the cut-short [2, 4)
  EXPECT_TRUE(s.windows[0].complete);
  EXPECT_EQ(s.windows[0].latency[0].count, 50);
  EXPECT_EQ(s.windows[0].latency[0].p50_us, 100);
  EXPECT_FALSE(s.windows[1].complete);
  EXPECT_EQ(s.windows[1].latency[0].count, 4);
}

}  // namespace
}  // namespace swarmgate
