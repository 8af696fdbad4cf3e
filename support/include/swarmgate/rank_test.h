#pragma once
// The Mann-Whitney U test (Wilcoxon rank-sum), one-sided: are the values of `later` larger
// than those of `earlier`? A rank test assumes no distribution (latency percentiles per second
// are skewed and heavy-tailed) and one outlier cannot move it far. The p-value comes from the
// normal approximation with the tie and continuity corrections (Mann & Whitney 1947; the
// approximation is close from about 8 values a side, which is why callers ask for that many).

#include <cstddef>
#include <vector>

namespace swarmgate {

struct RankTestResult {
  double u = 0;        // pairs (later, earlier) with later > earlier, ties counted half
  double p_value = 1;  // chance of a U this large or larger if neither side is larger
  std::size_t n_later = 0, n_earlier = 0;
};

// One-sided: small p_value means `later` tends to exceed `earlier`. With a side empty, or
// every value equal, p_value is 1.
RankTestResult LaterIsLarger(const std::vector<double>& later, const std::vector<double>& earlier);

// The median of values (the mean of the middle two for an even count); 0 when empty.
double Median(std::vector<double> values);

}  // namespace swarmgate
