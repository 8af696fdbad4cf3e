#pragma once
// Gathers each swarm thread's per-second deltas into the run's time series. Threads deliver
// a second when their 1 s tick fires; a second is complete once every thread has delivered
// it (or finished), and is then reduced to one SecondPoint and added to its window.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "swarmgate/histogram.h"
#include "swarmgate/recorder.h"
#include "swarmgate/time_series.h"

namespace swarmgate {

// What one thread measured during one second.
struct ThreadSecond {
  std::int64_t open_connections = 0;                   // read at the end of the second
  std::array<std::int64_t, kCounterCount> counters{};  // increments during the second
  std::vector<Buckets> values;                         // per followed latency
};

// The part of `now` not yet in `before` (both cumulative bucket lists of one histogram).
Buckets BucketsAdded(const Buckets& before, const Buckets& now);

class SeriesCollector {
 public:
  // keep_second_values: each second's values stay in TimeSeries::second_values.
  SeriesCollector(std::vector<Latency> followed, int threads, double window_s,
                  bool keep_second_values = false);

  const std::vector<Latency>& followed() const { return followed_; }

  // Called with each second as it completes, in order, with the collector's lock held (live
  // progress); set before the threads start.
  using SecondObserver = std::function<void(int second, const SecondPoint& point)>;
  void set_on_second(SecondObserver observer) { on_second_ = std::move(observer); }

  // Each thread delivers its seconds in order, each once; then calls ThreadDone.
  void Deliver(int thread, int second, ThreadSecond data);
  void ThreadDone(int thread);

  // After every thread is done. Windows ending after elapsed_s are marked incomplete.
  TimeSeries Finish(double elapsed_s);

 private:
  struct Pending {
    SecondPoint point;
    std::vector<Histogram> values;  // per followed latency; empty until a value arrives
  };
  void CompleteReady();  // with mu_ held
  void Complete(int second, Pending pending);
  void CloseWindow(bool complete);

  const std::vector<Latency> followed_;
  const double window_s_;
  const bool keep_second_values_;
  std::mutex mu_;
  std::vector<int> delivered_through_;  // per thread: last second delivered; INT_MAX when done
  std::map<int, Pending> pending_;
  TimeSeries series_;
  int window_index_ = 0;
  std::vector<Histogram> window_values_;  // per followed latency, the open window
  SecondObserver on_second_;
};

}  // namespace swarmgate
