#pragma once
// The breaking_point family's result: the load is stepped up (step_users more chatting users
// every step_s) and each step is judged on its own window of the time series. The capacity
// is the load of the last step that held before the first that did not.

#include <cstdint>
#include <string>
#include <vector>

#include "swarmgate/load_spec.h"
#include "swarmgate/time_series.h"
#include "swarmgate/verdict.h"

namespace swarmgate {

struct StepOutcome {
  int users = 0;                      // chatting users once this step is in
  std::int64_t latency_samples = 0;   // message deliveries in the step's window
  std::int64_t latency_p95_us = -1;   // -1: none
  std::int64_t loop_lag_p99_us = -1;  // the swarm's own lag in the window
  std::int64_t errors = 0;            // failed connects, drops, timeouts, protocol errors
  std::string broke;                  // empty: the step held; else why not, in one line
  bool generator_limited = false;     // the swarm, not the server, fell behind
};

struct BreakingPoint {
  std::vector<StepOutcome> steps;  // up to and including the first that did not hold
  int capacity_users = 0;          // the last step that held (0: not even the first)
  bool reached_cap = false;        // every step held: the capacity is at least the cap
  bool generator_limited = false;  // the search stopped because the swarm fell behind
  std::string Summary() const;     // one line
};

// Judges each step of a breaking_point row on the window of the series that covers it.
// series.followed must hold message_latency and loop_lag (FollowedLatencies does).
BreakingPoint FindBreakingPoint(const LoadSpec& spec, const TimeSeries& series);

// The row passes when the capacity found reaches its floor (and, for self-tests, is exactly
// the expected one, which is a floor too). A search the swarm cut short below the floor
// proves nothing about the server: inconclusive. row_id names the row in verdict lines.
void JudgeCapacity(const BreakingPointParams& steps, const BreakingPoint& found,
                   const std::string& row_id, Verdict* verdict);

// One line per step judged ("1: 2000 users, message_latency p95 3.1 ms (...): held"), then
// the capacity.
std::vector<std::string> StepLines(const BreakingPoint& found);

}  // namespace swarmgate
