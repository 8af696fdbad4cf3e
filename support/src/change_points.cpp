#include "swarmgate/change_points.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>

namespace swarmgate {
namespace {

struct Split {
  std::size_t at = 0;  // index into the segment: values [0, at) and [at, n)
  double q = -1;       // the scaled energy distance between the two sides; -1: no split
};

// The best split of values with at least min_segment values a side. For each split tau the
// statistic is Q = m k / (m + k) * (2 B / (m k) - W_l / C(m, 2) - W_r / C(k, 2)), with B the
// sum of |x - y| across the split and W_l, W_r the sums within each side (alpha = 1). The
// sums move with tau in O(n) each, so a segment costs O(n^2).
Split BestSplit(const std::vector<double>& values, std::size_t min_segment) {
  const std::size_t n = values.size();
  Split best;
  const std::size_t lo = std::max<std::size_t>(min_segment, 2);
  if (n < 2 * lo) return best;
  const auto d = [&values](std::size_t i, std::size_t j) {
    return std::fabs(values[i] - values[j]);
  };
  // tau = 1: left holds values[0], right the rest.
  double within_left = 0, within_right = 0, between = 0;
  for (std::size_t j = 1; j < n; ++j) between += d(0, j);
  for (std::size_t i = 1; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) within_right += d(i, j);
  for (std::size_t tau = 1; tau + lo <= n; ++tau) {
    if (tau >= lo) {
      const auto m = static_cast<double>(tau);
      const auto k = static_cast<double>(n - tau);
      const double q = m * k / (m + k) *
                       (2 * between / (m * k) - within_left / (m * (m - 1) / 2) -
                        within_right / (k * (k - 1) / 2));
      if (q > best.q) best = {tau, q};
    }
    // values[tau] moves from the right side to the left.
    double to_left = 0, to_right = 0;
    for (std::size_t i = 0; i < tau; ++i) to_left += d(i, tau);
    for (std::size_t j = tau + 1; j < n; ++j) to_right += d(tau, j);
    within_left += to_left;
    within_right -= to_right;
    between += to_right - to_left;
  }
  return best;
}

}  // namespace

std::vector<ChangePoint> ChangePoints(const std::vector<double>& series,
                                      const ChangePointOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::vector<std::size_t> cuts = {0, series.size()};  // segment bounds, sorted
  std::vector<ChangePoint> found;
  for (;;) {
    // The segment whose best split is strongest.
    std::size_t best_segment = 0;
    Split best;
    for (std::size_t s = 0; s + 1 < cuts.size(); ++s) {
      const std::vector<double> segment(series.begin() + static_cast<std::ptrdiff_t>(cuts[s]),
                                        series.begin() + static_cast<std::ptrdiff_t>(cuts[s + 1]));
      const Split split = BestSplit(segment, options.min_segment);
      if (split.q > best.q) {
        best = split;
        best_segment = s;
      }
    }
    if (best.q <= 0) break;
    // Permutation test: how often does a shuffled segment split at least as strongly?
    std::vector<double> shuffled(
        series.begin() + static_cast<std::ptrdiff_t>(cuts[best_segment]),
        series.begin() + static_cast<std::ptrdiff_t>(cuts[best_segment + 1]));
    const std::vector<double> segment = shuffled;
    int as_strong = 0;
    for (int r = 0; r < options.permutations; ++r) {
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      if (BestSplit(shuffled, options.min_segment).q >= best.q) ++as_strong;
    }
    const double p = (as_strong + 1.0) / (options.permutations + 1.0);
    if (p >= options.significance) break;
    ChangePoint cp;
    cp.index = cuts[best_segment] + best.at;
    cp.p_value = p;
    double before = 0, after = 0;
    for (std::size_t i = 0; i < best.at; ++i) before += segment[i];
    for (std::size_t i = best.at; i < segment.size(); ++i) after += segment[i];
    cp.mean_before = before / static_cast<double>(best.at);
    cp.mean_after = after / static_cast<double>(segment.size() - best.at);
    found.push_back(cp);
    cuts.insert(cuts.begin() + static_cast<std::ptrdiff_t>(best_segment) + 1, cp.index);
  }
  std::sort(found.begin(), found.end(),
            [](const ChangePoint& a, const ChangePoint& b) { return a.index < b.index; });
  return found;
}

}  // namespace swarmgate
