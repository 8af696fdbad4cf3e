#include "swarmgate/histogram.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace swarmgate {
namespace {

// 3 significant digits: 2 * 10^3 = 2000 distinct steps per power of two, rounded up to 2048.
constexpr int kSubBucketBits = 11;
constexpr std::int64_t kSubBucketCount = std::int64_t{1} << kSubBucketBits;  // 2048
constexpr std::int64_t kSubBucketHalfCount = kSubBucketCount / 2;            // 1024
constexpr int kSubBucketHalfBits = kSubBucketBits - 1;
constexpr std::int64_t kSubBucketMask = kSubBucketCount - 1;

int BitLength(std::uint64_t v) { return v == 0 ? 0 : 64 - __builtin_clzll(v); }

}  // namespace

Histogram::Histogram(std::int64_t highest_trackable)
    : highest_trackable_(std::max<std::int64_t>(highest_trackable, kSubBucketCount)) {
  // Bucket 0 covers [0, 2048) at unit resolution; each further bucket doubles the range and
  // the step, keeping 1024 sub-buckets (the lower half overlaps the previous bucket).
  std::int64_t smallest_untrackable = kSubBucketCount;
  bucket_count_ = 1;
  while (smallest_untrackable <= highest_trackable_) {
    smallest_untrackable <<= 1;
    ++bucket_count_;
  }
  counts_.assign(static_cast<std::size_t>(bucket_count_ + 1) * kSubBucketHalfCount, 0);
}

int Histogram::BucketIndexOf(std::int64_t value) const {
  // Position of the highest set bit above the sub-bucket range.
  return BitLength(static_cast<std::uint64_t>(value) | kSubBucketMask) - kSubBucketBits;
}

std::size_t Histogram::CountsIndexOf(std::int64_t value) const {
  const int bucket = BucketIndexOf(value);
  const std::int64_t sub_bucket = value >> bucket;  // in [1024, 2048) for bucket > 0
  return static_cast<std::size_t>(((bucket + 1) << kSubBucketHalfBits) +
                                  (sub_bucket - kSubBucketHalfCount));
}

std::int64_t Histogram::HighestEquivalentAt(std::size_t counts_index) const {
  int bucket = static_cast<int>(counts_index >> kSubBucketHalfBits) - 1;
  std::int64_t sub_bucket =
      static_cast<std::int64_t>(counts_index & (kSubBucketHalfCount - 1)) + kSubBucketHalfCount;
  if (bucket < 0) {  // the lower half of bucket 0: values 0..1023
    sub_bucket -= kSubBucketHalfCount;
    bucket = 0;
  }
  const std::int64_t lowest = sub_bucket << bucket;
  return lowest + (std::int64_t{1} << bucket) - 1;
}

bool Histogram::Record(std::int64_t value, std::int64_t n) {
  if (n <= 0) return true;
  if (total_count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  total_count_ += n;
  sum_ += static_cast<long double>(value) * n;
  if (value < 0 || value > highest_trackable_) {
    (value < 0 ? below_range_count_ : above_range_count_) += n;
    return false;
  }
  counts_[CountsIndexOf(value)] += n;
  return true;
}

bool Histogram::Merge(const Histogram& other) {
  if (other.highest_trackable_ != highest_trackable_) return false;
  if (other.total_count_ == 0) return true;
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  if (total_count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  total_count_ += other.total_count_;
  below_range_count_ += other.below_range_count_;
  above_range_count_ += other.above_range_count_;
  sum_ += other.sum_;
  return true;
}

std::int64_t Histogram::ValueAtPercentile(double p) const {
  if (total_count_ == 0) return 0;
  p = std::clamp(p, 0.0, 100.0);
  const auto rank = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil(p / 100.0 * static_cast<double>(total_count_))));
  // Order: values below zero (exact values lost but the min), buckets, values above range.
  if (rank <= below_range_count_) return min_;
  std::int64_t seen = below_range_count_;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(HighestEquivalentAt(i), max_);
  }
  return max_;
}

double Histogram::mean() const {
  return total_count_ ? static_cast<double>(sum_ / total_count_) : 0.0;
}

Buckets Histogram::NonZeroBuckets() const {
  Buckets out;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] != 0) out.emplace_back(HighestEquivalentAt(i), counts_[i]);
  }
  return out;
}

Histogram::State Histogram::Save() const {
  return {highest_trackable_,
          NonZeroBuckets(),
          below_range_count_,
          above_range_count_,
          min(),
          max(),
          sum_};
}

std::optional<Histogram> Histogram::Restore(const State& state) {
  // Past 2^62 the bucket ranges would overflow: no histogram swarmgate makes goes there.
  if (state.highest_trackable < kSubBucketCount || state.highest_trackable > (INT64_C(1) << 62) ||
      state.below_range < 0 || state.above_range < 0) {
    return std::nullopt;
  }
  Histogram h(state.highest_trackable);
  std::int64_t previous = -1;
  for (const auto& [value, count] : state.buckets) {
    if (value <= previous || value > h.highest_trackable_ || count <= 0 ||
        h.total_count_ > INT64_MAX - count) {
      return std::nullopt;
    }
    const std::size_t index = h.CountsIndexOf(value);
    if (h.HighestEquivalentAt(index) != value) return std::nullopt;
    h.counts_[index] = count;
    h.total_count_ += count;
    previous = value;
  }
  if (h.total_count_ > INT64_MAX - state.below_range - state.above_range) return std::nullopt;
  h.below_range_count_ = state.below_range;
  h.above_range_count_ = state.above_range;
  h.total_count_ += state.below_range + state.above_range;
  if (h.total_count_ > 0 && state.min > state.max) return std::nullopt;
  h.min_ = state.min;
  h.max_ = state.max;
  h.sum_ = state.sum;
  return h;
}

}  // namespace swarmgate
