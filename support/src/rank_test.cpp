#include "swarmgate/rank_test.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace swarmgate {

RankTestResult LaterIsLarger(const std::vector<double>& later, const std::vector<double>& earlier) {
  RankTestResult r;
  r.n_later = later.size();
  r.n_earlier = earlier.size();
  if (later.empty() || earlier.empty()) return r;
  // Midranks over both samples; `true` marks a value of `later`.
  std::vector<std::pair<double, bool>> all;
  all.reserve(later.size() + earlier.size());
  for (double v : later) all.emplace_back(v, true);
  for (double v : earlier) all.emplace_back(v, false);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto n = static_cast<double>(all.size());
  double rank_sum_later = 0;
  double tie_term = 0;  // sum of t^3 - t over groups of t equal values
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      if (all[k].second) rank_sum_later += midrank;
    }
    const auto t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    i = j;
  }
  const auto n1 = static_cast<double>(later.size());
  const auto n2 = static_cast<double>(earlier.size());
  r.u = rank_sum_later - n1 * (n1 + 1) / 2.0;
  const double mean_u = n1 * n2 / 2.0;
  const double variance_u = n1 * n2 / 12.0 * ((n + 1) - tie_term / (n * (n - 1)));
  if (variance_u <= 0) return r;  // every value equal: nothing is larger
  const double z = (r.u - mean_u - 0.5) / std::sqrt(variance_u);
  r.p_value = 0.5 * std::erfc(z / std::sqrt(2.0));
  return r;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2.0;
}

}  // namespace swarmgate
