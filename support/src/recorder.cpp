#include "swarmgate/recorder.h"

namespace swarmgate {

void Recorder::Merge(const Recorder& other) {
  for (std::size_t i = 0; i < kLatencyCount; ++i) histograms_[i].Merge(other.histograms_[i]);
  for (std::size_t i = 0; i < kCounterCount; ++i) counters_[i] += other.counters_[i];
}

}  // namespace swarmgate
