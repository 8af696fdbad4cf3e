#pragma once
// When one virtual user of an HTTP user mix sends its requests (the dchat field note's
// Locust user classes): bursts of requests a gap apart, then a think time, repeated until the
// end of the hold. Times are intended times, chained from the previous intended time and
// never from answers, so a slow server cannot slow the schedule down (no coordinated
// omission). Deterministic per user, so the plan can be counted before the run.

#include <cstdint>

#include "swarmgate/clock.h"
#include "swarmgate/load_spec.h"

namespace swarmgate {

class HttpMixSchedule {
 public:
  // The schedule of user `user_index` of type `type`, from first_us until end_us.
  HttpMixSchedule(const HttpUserType& type, int user_index, Micros first_us, Micros end_us);

  bool done() const { return next_us_ >= end_us_; }
  Micros next_us() const { return next_us_; }  // the next request's intended time
  void Advance();                              // past the next request

  // How many requests the whole schedule holds.
  std::int64_t Count() const;

 private:
  double Uniform();  // in [0, 1), from the user's own generator
  int DrawBurst();

  const HttpUserType* type_;
  Micros next_us_;
  Micros end_us_;
  std::uint64_t state_;  // splitmix64
  int burst_left_ = 0;
};

}  // namespace swarmgate
