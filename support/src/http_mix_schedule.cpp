#include "http_mix_schedule.h"

namespace swarmgate {

HttpMixSchedule::HttpMixSchedule(const HttpUserType& type, int user_index, Micros first_us,
                                 Micros end_us)
    : type_(&type),
      next_us_(first_us),
      end_us_(end_us),
      state_(0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(user_index + 1)) {
  // Users start at a random point of their first think time, not all at once.
  next_us_ += SecondsToMicros(Uniform() * type_->think_max_s);
  burst_left_ = DrawBurst();
}

double HttpMixSchedule::Uniform() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) / static_cast<double>(1ULL << 53);
}

int HttpMixSchedule::DrawBurst() {
  const int span = type_->burst_max - type_->burst_min + 1;
  return type_->burst_min + static_cast<int>(Uniform() * span);
}

void HttpMixSchedule::Advance() {
  if (--burst_left_ > 0) {
    next_us_ += SecondsToMicros(type_->burst_gap_s);
    return;
  }
  const double think_s = type_->think_min_s + Uniform() * (type_->think_max_s - type_->think_min_s);
  next_us_ += SecondsToMicros(think_s);
  burst_left_ = DrawBurst();
}

std::int64_t HttpMixSchedule::Count() const {
  HttpMixSchedule copy = *this;
  std::int64_t n = 0;
  for (; !copy.done(); copy.Advance()) ++n;
  return n;
}

}  // namespace swarmgate
