#pragma once
// What one swarm thread measured: a histogram per latency metric and a value per counter.
// Each thread owns one Recorder and writes it without locks; recorders merge after the run.

#include <array>
#include <cstdint>

#include "swarmgate/histogram.h"
#include "swarmgate/metrics.h"

namespace swarmgate {

class Recorder {
 public:
  void Record(Latency metric, std::int64_t value_us) { histogram(metric).Record(value_us); }
  void Add(Counter metric, std::int64_t n = 1) { counters_[Index(metric)] += n; }

  Histogram& histogram(Latency metric) { return histograms_[Index(metric)]; }
  const Histogram& histogram(Latency metric) const { return histograms_[Index(metric)]; }
  std::int64_t count(Counter metric) const { return counters_[Index(metric)]; }

  void Merge(const Recorder& other);

 private:
  template <typename E>
  static std::size_t Index(E e) {
    return static_cast<std::size_t>(e);
  }

  std::array<Histogram, kLatencyCount> histograms_;
  std::array<std::int64_t, kCounterCount> counters_{};
};

}  // namespace swarmgate
