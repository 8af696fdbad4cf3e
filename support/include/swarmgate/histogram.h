#pragma once
// A log-linear histogram of integer values (microseconds, bytes, ...) with 3 significant
// digits: every recorded value v is reported as a value in [v, v + v/1024], like
// HdrHistogram with 3 significant digits. Histograms of the same range merge by adding counts.
// Values outside [0, highest_trackable] are counted (out_of_range_count), never clamped into
// the range; they still count in count(), min(), max() and mean().

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace swarmgate {

using Buckets = std::vector<std::pair<std::int64_t, std::int64_t>>;  // (value, count), sorted

class Histogram {
 public:
  // highest_trackable: largest value kept at full precision (default: 1 hour in microseconds).
  explicit Histogram(std::int64_t highest_trackable = 3'600'000'000LL);

  // Counts one value. Returns false when the value is outside [0, highest_trackable]; it is
  // then counted as out of range and in the exact min/max/mean, but not in the buckets.
  bool Record(std::int64_t value) { return Record(value, 1); }
  // Counts value n times (re-recording a bucket list, e.g. one second's worth of values).
  bool Record(std::int64_t value, std::int64_t n);

  // Adds other's counts. Both must have the same highest_trackable; returns false otherwise.
  bool Merge(const Histogram& other);

  // Value at percentile p in [0, 100]: the smallest bucket value v such that at least p% of
  // all values are <= v (within 1/1024 relative). When the rank falls among out-of-range
  // values, returns the exact max (an upper bound). 0 when empty.
  std::int64_t ValueAtPercentile(double p) const;

  std::int64_t count() const { return total_count_; }
  std::int64_t out_of_range_count() const { return below_range_count_ + above_range_count_; }
  std::int64_t min() const { return total_count_ ? min_ : 0; }
  std::int64_t max() const { return total_count_ ? max_ : 0; }
  double mean() const;  // exact arithmetic mean of recorded values; 0 when empty
  std::int64_t highest_trackable() const { return highest_trackable_; }

  // Non-zero buckets as (value, count) pairs in ascending order, value being the bucket's
  // highest equivalent value; for serialization and exact re-merging elsewhere.
  Buckets NonZeroBuckets() const;

  // Everything a histogram holds, for a file (a shard's result) and back, exactly: a
  // restored histogram answers every percentile, min, max and mean as the saved one did.
  struct State {
    std::int64_t highest_trackable = 0;
    Buckets buckets;  // NonZeroBuckets()
    std::int64_t below_range = 0, above_range = 0;
    std::int64_t min = 0, max = 0;
    long double sum = 0;  // of every recorded value: a whole number
  };
  State Save() const;
  // The histogram a state describes; nullopt for a state Save could not have written (a
  // bucket value that is not a bucket's, out of order or out of range, a count <= 0, ...).
  static std::optional<Histogram> Restore(const State& state);

 private:
  int BucketIndexOf(std::int64_t value) const;
  std::size_t CountsIndexOf(std::int64_t value) const;
  std::int64_t HighestEquivalentAt(std::size_t counts_index) const;

  std::int64_t highest_trackable_;
  int bucket_count_ = 0;
  std::vector<std::int64_t> counts_;
  std::int64_t total_count_ = 0;
  std::int64_t below_range_count_ = 0;
  std::int64_t above_range_count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  long double sum_ = 0;  // long double: exact for sums up to 2^64
};

}  // namespace swarmgate
