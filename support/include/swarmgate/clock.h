#pragma once
// The one place swarmgate reads time. Every timestamp in the suite is a count of microseconds
// on CLOCK_MONOTONIC (std::chrono::steady_clock), shared by all threads of the process.

#include <chrono>
#include <cstdint>

namespace swarmgate {

// Microseconds on the monotonic clock (or a duration in microseconds).
using Micros = std::int64_t;

// Now, in microseconds since an arbitrary fixed origin; never goes backwards.
inline Micros NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The wall clock in microseconds since the Unix epoch: only to agree on a moment with other
// processes and machines (a shard's time zero), never to measure.
inline std::int64_t UnixMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr Micros kMicrosPerMilli = 1000;
constexpr Micros kMicrosPerSecond = 1000 * 1000;

inline Micros SecondsToMicros(double seconds) {
  return static_cast<Micros>(seconds * kMicrosPerSecond);
}

}  // namespace swarmgate
