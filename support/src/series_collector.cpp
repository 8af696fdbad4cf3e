#include "series_collector.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace swarmgate {
namespace {

std::int64_t ErrorsIn(const std::array<std::int64_t, kCounterCount>& c) {
  std::int64_t sum = 0;
  for (Counter e :
       {Counter::kConnectFailures, Counter::kConnectionsDropped, Counter::kMatchTimeouts,
        Counter::kProtocolErrors, Counter::kServerErrors, Counter::kHttpErrors}) {
    sum += c[static_cast<std::size_t>(e)];
  }
  return sum;
}

LatencyWindow Summary(const Histogram& h) {
  return {h.count(), h.ValueAtPercentile(50), h.ValueAtPercentile(95), h.ValueAtPercentile(99)};
}

}  // namespace

Buckets BucketsAdded(const Buckets& before, const Buckets& now) {
  Buckets added;
  std::size_t j = 0;
  for (const auto& [value, count] : now) {
    while (j < before.size() && before[j].first < value) ++j;
    const std::int64_t had = (j < before.size() && before[j].first == value) ? before[j].second : 0;
    if (count > had) added.emplace_back(value, count - had);
  }
  return added;
}

SeriesCollector::SeriesCollector(std::vector<Latency> followed, int threads, double window_s,
                                 bool keep_second_values)
    : followed_(std::move(followed)),
      window_s_(window_s),
      keep_second_values_(keep_second_values),
      delivered_through_(static_cast<std::size_t>(threads), -1),
      window_values_(followed_.size()) {
  series_.followed = followed_;
  series_.window_s = window_s;
}

void SeriesCollector::Deliver(int thread, int second, ThreadSecond data) {
  std::lock_guard<std::mutex> lock(mu_);
  Pending& p = pending_[second];
  auto& c = data.counters;
  p.point.open_connections = std::max(p.point.open_connections, data.open_connections);
  p.point.connects += c[static_cast<std::size_t>(Counter::kConnectAttempts)];
  p.point.matches += c[static_cast<std::size_t>(Counter::kMatchSuccess)];
  p.point.errors += ErrorsIn(c);
  if (p.values.empty()) p.values.resize(followed_.size());
  for (std::size_t m = 0; m < followed_.size() && m < data.values.size(); ++m) {
    for (const auto& [value, count] : data.values[m]) p.values[m].Record(value, count);
  }
  delivered_through_[static_cast<std::size_t>(thread)] = second;
  CompleteReady();
}

void SeriesCollector::ThreadDone(int thread) {
  std::lock_guard<std::mutex> lock(mu_);
  delivered_through_[static_cast<std::size_t>(thread)] = INT_MAX;
  CompleteReady();
}

void SeriesCollector::CompleteReady() {
  const int ready_through = *std::min_element(delivered_through_.begin(), delivered_through_.end());
  while (!pending_.empty() && pending_.begin()->first <= ready_through) {
    auto node = pending_.extract(pending_.begin());
    Complete(node.key(), std::move(node.mapped()));
  }
}

void SeriesCollector::Complete(int second, Pending pending) {
  // A second nobody delivered (cannot happen while every thread ticks) stays an empty point.
  while (static_cast<int>(series_.seconds.size()) < second) {
    series_.seconds.emplace_back().p95_us.assign(followed_.size(), -1);
    if (keep_second_values_) series_.second_values.emplace_back(followed_.size());
  }
  const int window = static_cast<int>(std::floor(second / window_s_));
  while (window > window_index_) CloseWindow(true);
  SecondPoint& point = pending.point;
  point.p95_us.assign(followed_.size(), -1);
  if (keep_second_values_) series_.second_values.emplace_back(followed_.size());
  for (std::size_t m = 0; m < pending.values.size(); ++m) {
    const Histogram& h = pending.values[m];
    if (h.count() == 0) continue;
    if (followed_[m] == Latency::kMessageLatency) point.messages = h.count();
    point.p95_us[m] = h.ValueAtPercentile(95);
    window_values_[m].Merge(h);
    if (keep_second_values_) series_.second_values.back()[m] = h.NonZeroBuckets();
  }
  series_.seconds.push_back(std::move(point));
  if (on_second_) on_second_(second, series_.seconds.back());
}

void SeriesCollector::CloseWindow(bool complete) {
  Window w;
  w.start_s = window_index_ * window_s_;
  w.end_s = (window_index_ + 1) * window_s_;
  w.complete = complete;
  for (Histogram& h : window_values_) {
    w.latency.push_back(Summary(h));
    h = Histogram();
  }
  series_.windows.push_back(std::move(w));
  ++window_index_;
}

TimeSeries SeriesCollector::Finish(double elapsed_s) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int& d : delivered_through_) d = INT_MAX;
  CompleteReady();
  const bool any_values = std::any_of(window_values_.begin(), window_values_.end(),
                                      [](const Histogram& h) { return h.count() > 0; });
  if (any_values || window_index_ * window_s_ < elapsed_s) {
    CloseWindow((window_index_ + 1) * window_s_ <= elapsed_s);
  }
  return std::move(series_);
}

}  // namespace swarmgate
