#pragma once
// Change points in a metric's history: the E-divisive means method (Matteson & James, "A
// Nonparametric Approach for Multiple Change Point Analysis of Multivariate Data", JASA 2014),
// as MongoDB's performance CI uses it over its runs. Each step splits the segment where the
// energy distance between the values before and after is largest, and keeps the split only
// if a permutation test says so; it stops at the first split that could be chance. It needs
// no distribution and no count of changes in advance.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace swarmgate {

struct ChangePointOptions {
  double significance = 0.05;  // a split is kept when its permutation p-value is below this
  int permutations = 199;
  std::size_t min_segment = 3;  // values on each side of a split, at least
  std::uint64_t seed = 1;       // the permutations are drawn from it: a series' answer repeats
};

struct ChangePoint {
  std::size_t index = 0;  // the first value after the change
  double p_value = 1;
  double mean_before = 0, mean_after = 0;  // of the segments the split separated
};

// The change points of series, in index order.
std::vector<ChangePoint> ChangePoints(const std::vector<double>& series,
                                      const ChangePointOptions& options = {});

}  // namespace swarmgate
