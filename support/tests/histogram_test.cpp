#include "swarmgate/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace swarmgate {
namespace {

// The exact value at percentile p of sorted values, with the histogram's rank rule.
std::int64_t ExactPercentile(const std::vector<std::int64_t>& sorted, double p) {
  const auto rank = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size()))));
  return sorted[static_cast<std::size_t>(rank - 1)];
}

void ExpectMatchesExactSort(std::vector<std::int64_t> values) {
  Histogram h;
  for (auto v : values) h.Record(v);
  std::sort(values.begin(), values.end());
  ASSERT_EQ(h.count(), static_cast<std::int64_t>(values.size()));
  EXPECT_EQ(h.min(), values.front());
  EXPECT_EQ(h.max(), values.back());
  long double sum = 0;
  for (auto v : values) sum += v;
  EXPECT_NEAR(h.mean(), static_cast<double>(sum / values.size()), 1e-6 * h.mean() + 1e-9);
  for (double p : {0.0, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0}) {
    const std::int64_t exact = ExactPercentile(values, p);
    const std::int64_t got = h.ValueAtPercentile(p);
    // 3 significant digits: reported in [v, v + v/1024].
    EXPECT_GE(got, exact) << "p" << p;
    EXPECT_LE(got, exact + exact / 1024) << "p" << p;
  }
}

TEST(Histogram, UniformMatchesExactSort) {
  std::mt19937_64 rng(1);
  std::uniform_int_distribution<std::int64_t> d(0, 2'000'000);
  std::vector<std::int64_t> v(100'000);
  for (auto& x : v) x = d(rng);
  ExpectMatchesExactSort(v);
}

TEST(Histogram, ExponentialMatchesExactSort) {
  std::mt19937_64 rng(2);
  std::exponential_distribution<double> d(1.0 / 5000);
  std::vector<std::int64_t> v(100'000);
  for (auto& x : v) x = static_cast<std::int64_t>(d(rng));
  ExpectMatchesExactSort(v);
}

TEST(Histogram, BimodalMatchesExactSort) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> fast(800, 50), slow(250'000, 20'000);
  std::vector<std::int64_t> v;
  for (int i = 0; i < 50'000; ++i) {
    v.push_back(
        std::max<std::int64_t>(0, static_cast<std::int64_t>(i % 10 ? fast(rng) : slow(rng))));
  }
  ExpectMatchesExactSort(v);
}

TEST(Histogram, HugeOutlierInRangeMatchesExactSort) {
  std::vector<std::int64_t> v(10'000, 1'500);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] += static_cast<std::int64_t>(i % 300);
  v.push_back(3'000'000'000LL);  // 50 minutes among 1.5 ms values
  ExpectMatchesExactSort(v);
}

TEST(Histogram, OutOfRangeIsCountedNotClamped) {
  Histogram h(60'000'000);  // 60 s
  for (int i = 0; i < 99; ++i) h.Record(1000);
  EXPECT_FALSE(h.Record(3'600'000'000LL));
  EXPECT_EQ(h.out_of_range_count(), 1);
  EXPECT_EQ(h.count(), 100);
  EXPECT_EQ(h.max(), 3'600'000'000LL);
  EXPECT_EQ(h.ValueAtPercentile(99), 1000);
  EXPECT_EQ(h.ValueAtPercentile(100), 3'600'000'000LL);  // the exact max, an upper bound
  EXPECT_FALSE(h.Record(-5));
  EXPECT_EQ(h.min(), -5);
  EXPECT_EQ(h.ValueAtPercentile(0.5), -5);
}

TEST(Histogram, ExactBelow2048) {
  Histogram h;
  for (int v = 0; v < 2048; ++v) h.Record(v);
  EXPECT_EQ(h.ValueAtPercentile(50), 1023);
  EXPECT_EQ(h.ValueAtPercentile(100), 2047);
}

TEST(Histogram, MergeEqualsRecordingEverything) {
  std::mt19937_64 rng(4);
  std::lognormal_distribution<double> d(8, 2);
  Histogram a, b, all;
  for (int i = 0; i < 20'000; ++i) {
    const auto v = static_cast<std::int64_t>(d(rng));
    (i % 3 ? a : b).Record(v);
    all.Record(v);
  }
  ASSERT_TRUE(a.Merge(b));
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
  EXPECT_EQ(a.NonZeroBuckets(), all.NonZeroBuckets());
  for (double p : {50.0, 95.0, 99.0, 99.9})
    EXPECT_EQ(a.ValueAtPercentile(p), all.ValueAtPercentile(p));
}

TEST(Histogram, MergeRefusesDifferentRange) {
  Histogram a(1'000'000), b(2'000'000'000);
  EXPECT_FALSE(a.Merge(b));
}

TEST(Histogram, EmptyReportsZeros) {
  Histogram h;
  EXPECT_EQ(h.count(), 0);
  EXPECT_EQ(h.ValueAtPercentile(95), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0.0);
}

}  // namespace
}  // namespace swarmgate
