#include "swarmgate/rank_test.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace swarmgate {
namespace {

TEST(RankTest, SeparatedSamplesGiveTheNormalApproximationsPValue) {
  // U = 25 of 25 pairs; z = (25 - 12.5 - 0.5) / sqrt(25 / 12 * 11).
  const RankTestResult r = LaterIsLarger({6, 7, 8, 9, 10}, {1, 2, 3, 4, 5});
  EXPECT_EQ(r.u, 25);
  const double z = 12.0 / std::sqrt(25.0 / 12.0 * 11.0);
  EXPECT_NEAR(r.p_value, 0.5 * std::erfc(z / std::sqrt(2.0)), 1e-12);
  EXPECT_LT(r.p_value, 0.01);
  // The other way round nothing is larger.
  EXPECT_GT(LaterIsLarger({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}).p_value, 0.99);
}

TEST(RankTest, TiesCountHalfAndEqualSamplesAreNeverLarger) {
  const RankTestResult r = LaterIsLarger({1, 2, 2}, {2, 3});
  EXPECT_EQ(r.u, 1.0);  // 1 is below both; each 2 ties the other side's 2 (half) and is below 3
  EXPECT_EQ(LaterIsLarger({5, 5, 5}, {5, 5, 5}).p_value, 1);
  EXPECT_EQ(LaterIsLarger({}, {1, 2}).p_value, 1);
  EXPECT_EQ(LaterIsLarger({1, 2}, {}).p_value, 1);
}

TEST(RankTest, FalseAlarmsStayNearTheLevelAndAShiftIsFound) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> noise(0.0, 0.3);  // skewed, like latencies
  int false_alarms = 0, caught = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> a(12), b(40), c(12);
    for (double& v : a) v = noise(rng);
    for (double& v : b) v = noise(rng);
    for (double& v : c) v = 1.5 * noise(rng);
    if (LaterIsLarger(a, b).p_value < 0.01) ++false_alarms;
    if (LaterIsLarger(c, b).p_value < 0.01) ++caught;
  }
  EXPECT_LT(false_alarms, trials * 0.02);  // the level is 1 %
  EXPECT_GT(caught, trials * 0.9);
}

TEST(RankTest, MedianOfOddAndEvenCounts) {
  EXPECT_EQ(Median({3, 1, 2}), 2);
  EXPECT_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(Median({}), 0);
}

}  // namespace
}  // namespace swarmgate
