#include "swarmgate/breaking_point.h"

#include <algorithm>
#include <cstdio>

namespace swarmgate {
namespace {

int IndexOf(const TimeSeries& series, Latency metric) {
  const auto it = std::find(series.followed.begin(), series.followed.end(), metric);
  return it == series.followed.end() ? -1 : static_cast<int>(it - series.followed.begin());
}

std::string Ms(std::int64_t us) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g ms", static_cast<double>(us) / 1000);
  return text;
}

}  // namespace

BreakingPoint FindBreakingPoint(const LoadSpec& spec, const TimeSeries& series) {
  const BreakingPointParams& params = spec.Params<BreakingPointParams>();
  BreakingPoint result;
  const int latency = IndexOf(series, Latency::kMessageLatency);
  const int lag = IndexOf(series, Latency::kLoopLag);
  const auto bound_us = static_cast<std::int64_t>(params.step_latency_bound_ms * 1000);
  const auto lag_bound_us = static_cast<std::int64_t>(
      (spec.max_loop_lag_ms > 0 ? spec.max_loop_lag_ms : params.step_latency_bound_ms / 10) * 1000);
  const int steps = spec.users / params.step_users;
  for (int k = 0; k < steps; ++k) {
    StepOutcome step;
    step.users = (k + 1) * params.step_users;
    const auto window = static_cast<std::size_t>(k);
    if (window >= series.windows.size() || !series.windows[window].complete || latency < 0 ||
        lag < 0) {
      step.broke = "the run ended before this step's window did";
    } else {
      const Window& w = series.windows[window];
      step.latency_samples = w.latency[static_cast<std::size_t>(latency)].count;
      if (step.latency_samples > 0) {
        step.latency_p95_us = w.latency[static_cast<std::size_t>(latency)].p95_us;
      }
      if (w.latency[static_cast<std::size_t>(lag)].count > 0) {
        step.loop_lag_p99_us = w.latency[static_cast<std::size_t>(lag)].p99_us;
      }
      for (std::size_t s = static_cast<std::size_t>(w.start_s);
           s < static_cast<std::size_t>(w.end_s) && s < series.seconds.size(); ++s) {
        step.errors += series.seconds[s].errors;
      }
      const auto error_bound = static_cast<std::int64_t>(params.step_error_rate * step.users);
      if (step.loop_lag_p99_us > lag_bound_us) {
        step.generator_limited = true;
        step.broke = "the swarm lagged (loop_lag p99 " + Ms(step.loop_lag_p99_us) + " > " +
                     Ms(lag_bound_us) + "): the generator, not the server, fell behind";
      } else if (step.latency_samples == 0) {
        step.broke = "no message was delivered";
      } else if (step.latency_p95_us >= bound_us) {
        step.broke = "message_latency p95 " + Ms(step.latency_p95_us) + " >= " + Ms(bound_us);
      } else if (step.errors > error_bound) {
        step.broke = std::to_string(step.errors) + " errors among " + std::to_string(step.users) +
                     " users (more than " + std::to_string(error_bound) + ")";
      }
    }
    result.steps.push_back(step);
    if (!step.broke.empty()) {
      result.generator_limited = step.generator_limited;
      return result;
    }
    result.capacity_users = step.users;
  }
  result.reached_cap = true;
  return result;
}

void JudgeCapacity(const BreakingPointParams& steps, const BreakingPoint& found,
                   const std::string& row_id, Verdict* verdict) {
  const int floor_users = std::max(steps.capacity_floor_users, steps.expect_capacity_users);
  const std::string capacity = "capacity " + std::to_string(found.capacity_users) + " users";
  if (found.capacity_users < floor_users) {
    if (found.generator_limited) {
      verdict->AddInconclusive(
          "the swarm fell behind before the server broke or reached the floor of " +
          std::to_string(floor_users) + " users: " + found.Summary());
    } else {
      verdict->AddViolation(capacity + " < " + std::to_string(floor_users) + " [" + row_id + "]",
                            "capacity");
    }
  } else if (steps.expect_capacity_users > 0 &&
             found.capacity_users != steps.expect_capacity_users) {
    verdict->AddViolation(
        capacity + " != " + std::to_string(steps.expect_capacity_users) + " [" + row_id + "]",
        "capacity");
  }
}

std::vector<std::string> StepLines(const BreakingPoint& found) {
  std::vector<std::string> lines;
  char line[512];
  for (std::size_t k = 0; k < found.steps.size(); ++k) {
    const StepOutcome& s = found.steps[k];
    std::snprintf(line, sizeof line,
                  "%zu: %d users, message_latency p95 %.3g ms (%lld), loop_lag p99 %.3g ms, "
                  "%lld errors: %s",
                  k + 1, s.users, static_cast<double>(s.latency_p95_us) / 1000,
                  static_cast<long long>(s.latency_samples),
                  static_cast<double>(s.loop_lag_p99_us) / 1000, static_cast<long long>(s.errors),
                  s.broke.empty() ? "held" : s.broke.c_str());
    lines.emplace_back(line);
  }
  return lines;
}

std::string BreakingPoint::Summary() const {
  if (reached_cap) {
    return "every step held: the capacity is at least the cap, " + std::to_string(capacity_users) +
           " users";
  }
  const StepOutcome& last = steps.back();
  return "capacity " + std::to_string(capacity_users) + " users; the step to " +
         std::to_string(last.users) + " broke: " + last.broke;
}

}  // namespace swarmgate
