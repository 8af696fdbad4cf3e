#include "swarmgate/change_points.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace swarmgate {
namespace {

std::vector<double> Noisy(std::mt19937_64& rng, const std::vector<std::pair<int, double>>& parts,
                          double sd) {
  std::normal_distribution<double> noise(0.0, sd);
  std::vector<double> series;
  for (const auto& [count, level] : parts)
    for (int i = 0; i < count; ++i) series.push_back(level + noise(rng));
  return series;
}

TEST(ChangePoints, OneInjectedShiftIsFoundWhereItIs) {
  std::mt19937_64 rng(3);
  int exact = 0;
  for (int trial = 0; trial < 20; ++trial) {
    // 20 runs at 100 ms, then 15 runs 15 % slower; run-to-run noise 4 %.
    const auto cps = ChangePoints(Noisy(rng, {{20, 100}, {15, 115}}, 4));
    ASSERT_EQ(cps.size(), 1u) << "trial " << trial;
    EXPECT_NEAR(static_cast<double>(cps[0].index), 20, 2) << "trial " << trial;
    if (cps[0].index == 20) ++exact;
    EXPECT_LT(cps[0].mean_before, cps[0].mean_after);
    EXPECT_LT(cps[0].p_value, 0.05);
  }
  EXPECT_GE(exact, 15);
}

TEST(ChangePoints, TwoShiftsUpThenBackDown) {
  std::mt19937_64 rng(5);
  const auto cps = ChangePoints(Noisy(rng, {{15, 50}, {15, 60}, {15, 50}}, 1.5));
  ASSERT_EQ(cps.size(), 2u);
  EXPECT_NEAR(static_cast<double>(cps[0].index), 15, 1);
  EXPECT_NEAR(static_cast<double>(cps[1].index), 30, 1);
}

TEST(ChangePoints, NoiseAloneRarelyHasOne) {
  std::mt19937_64 rng(11);
  int with_change = 0;
  for (int trial = 0; trial < 40; ++trial) {
    if (!ChangePoints(Noisy(rng, {{40, 100}}, 5)).empty()) ++with_change;
  }
  EXPECT_LE(with_change, 6);  // 5 % expected: 2 of 40
}

TEST(ChangePoints, ShortOrFlatSeriesHaveNone) {
  EXPECT_TRUE(ChangePoints({}).empty());
  EXPECT_TRUE(ChangePoints({1, 2, 3, 4, 5}).empty());
  EXPECT_TRUE(ChangePoints(std::vector<double>(30, 7.0)).empty());
}

TEST(ChangePoints, TheSameSeriesGivesTheSameAnswer) {
  std::mt19937_64 rng(13);
  const auto series = Noisy(rng, {{12, 10}, {12, 11}}, 0.6);
  const auto a = ChangePoints(series), b = ChangePoints(series);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].index, b[i].index);
}

}  // namespace
}  // namespace swarmgate
