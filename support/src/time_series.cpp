#include "swarmgate/time_series.h"

#include <algorithm>

namespace swarmgate {

double GaugeSeries::Max() const {
  return value.empty() ? 0 : *std::max_element(value.begin(), value.end());
}

double GaugeSeries::Mean() const {
  if (value.empty()) return 0;
  double sum = 0;
  for (double v : value) sum += v;
  return sum / static_cast<double>(value.size());
}

std::optional<double> GaugeSeries::GrowthPerHour(double from_s) const {
  // Centred sums keep the arithmetic well conditioned for large byte counts.
  double n = 0, mean_t = 0, mean_v = 0;
  for (std::size_t i = 0; i < t_s.size(); ++i) {
    if (t_s[i] < from_s) continue;
    ++n;
    mean_t += t_s[i];
    mean_v += value[i];
  }
  if (n < 10) return std::nullopt;
  mean_t /= n;
  mean_v /= n;
  double stt = 0, stv = 0;
  for (std::size_t i = 0; i < t_s.size(); ++i) {
    if (t_s[i] < from_s) continue;
    stt += (t_s[i] - mean_t) * (t_s[i] - mean_t);
    stv += (t_s[i] - mean_t) * (value[i] - mean_v);
  }
  if (stt == 0) return std::nullopt;
  return stv / stt * 3600.0;
}

std::optional<double> TimeSeries::Drift(Latency metric) const {
  const auto it = std::find(followed.begin(), followed.end(), metric);
  if (it == followed.end()) return std::nullopt;
  const auto m = static_cast<std::size_t>(it - followed.begin());
  const LatencyWindow* first = nullptr;
  const LatencyWindow* last = nullptr;
  for (const Window& w : windows) {
    if (!w.complete || w.start_s < steady_from_s || w.latency[m].count < kMinWindowSamples) {
      continue;
    }
    if (!first) first = &w.latency[m];
    last = &w.latency[m];
  }
  if (!first || first == last || first->p95_us <= 0) return std::nullopt;
  return static_cast<double>(last->p95_us) / static_cast<double>(first->p95_us);
}

}  // namespace swarmgate
