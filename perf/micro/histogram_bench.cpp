// The instrument's own cost: recording a latency must be negligible next to what it measures
// (target: <= 20 ns per record); merging is done once per thread after a run.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "swarmgate/histogram.h"

namespace swarmgate {
namespace {

std::vector<std::int64_t> LatencySamples() {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> d(6.0, 1.5);  // ~400 us median, long tail
  std::vector<std::int64_t> values(1 << 16);
  for (auto& v : values) v = static_cast<std::int64_t>(d(rng));
  return values;
}

void BM_HistogramRecord(benchmark::State& state) {
  const std::vector<std::int64_t> values = LatencySamples();
  Histogram h;
  std::size_t i = 0;
  for (auto _ : state) {
    h.Record(values[i++ & (values.size() - 1)]);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HistogramRecord);

void BM_HistogramMerge(benchmark::State& state) {
  Histogram a, b;
  for (std::int64_t v : LatencySamples()) b.Record(v);
  for (auto _ : state) {
    a.Merge(b);
    benchmark::DoNotOptimize(a.count());
  }
}
BENCHMARK(BM_HistogramMerge)->Unit(benchmark::kMicrosecond);

void BM_HistogramP99(benchmark::State& state) {
  Histogram h;
  for (std::int64_t v : LatencySamples()) h.Record(v);
  for (auto _ : state) benchmark::DoNotOptimize(h.ValueAtPercentile(99));
}
BENCHMARK(BM_HistogramP99)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace swarmgate
