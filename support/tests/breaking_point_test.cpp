// The step-by-step judgement of a breaking_point run, on hand-made time series.
#include "swarmgate/breaking_point.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

LoadSpec Stepped() {  // 3 steps of 100 users, 10 s each
  return LoadSpec("Steps", BreakingPointParams())
      .Users(300)
      .StepUsers(100)
      .StepEvery(std::chrono::seconds(10))
      .Ramp(std::chrono::seconds(1));
}

// One complete window per step: message_latency p95 and count, loop_lag p99; errors land
// in the window's first second.
TimeSeries SeriesOf(const std::vector<std::vector<std::int64_t>>& steps) {
  TimeSeries series;
  series.followed = {Latency::kMessageLatency, Latency::kLoopLag};
  series.window_s = 10;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    Window w;
    w.start_s = 10.0 * static_cast<double>(k);
    w.end_s = w.start_s + 10;
    w.complete = true;
    w.latency = {{steps[k][1], 0, steps[k][0], 0}, {1000, 0, 0, steps[k][2]}};
    series.windows.push_back(w);
    for (int s = 0; s < 10; ++s) {
      SecondPoint p;
      p.errors = s == 0 ? steps[k][3] : 0;
      series.seconds.push_back(p);
    }
  }
  return series;
}

TEST(BreakingPoint, TheCapacityIsTheLastStepBeforeTheFirstThatBroke) {
  // {p95 us, deliveries, loop-lag p99 us, errors}
  const BreakingPoint found = FindBreakingPoint(
      Stepped(), SeriesOf({{800, 500, 300, 0}, {120'000, 900, 400, 0}, {500, 1400, 300, 0}}));
  EXPECT_EQ(found.capacity_users, 100);
  EXPECT_FALSE(found.reached_cap);
  EXPECT_FALSE(found.generator_limited);
  ASSERT_EQ(found.steps.size(), 2u);  // the search stops at the first broken step
  EXPECT_EQ(found.steps[1].broke, "message_latency p95 120 ms >= 100 ms");
  EXPECT_EQ(found.Summary(),
            "capacity 100 users; the step to 200 broke: message_latency p95 120 ms >= 100 ms");
}

TEST(BreakingPoint, ErrorsOverTheShareBreakAStepAndEveryStepHeldIsTheCap) {
  const BreakingPoint errors =
      FindBreakingPoint(Stepped(), SeriesOf({{800, 500, 300, 1}, {900, 900, 300, 3}}));
  EXPECT_EQ(errors.capacity_users, 100);  // 1 of 100 is within 1 %; 3 of 200 is not
  EXPECT_EQ(errors.steps[1].broke, "3 errors among 200 users (more than 2)");

  const BreakingPoint all = FindBreakingPoint(
      Stepped(), SeriesOf({{800, 500, 300, 0}, {900, 900, 300, 0}, {950, 1400, 300, 0}}));
  EXPECT_TRUE(all.reached_cap);
  EXPECT_EQ(all.capacity_users, 300);
}

TEST(BreakingPoint, ASwarmThatLagsEndsTheSearchAsTheGeneratorsLimit) {
  const BreakingPoint found =
      FindBreakingPoint(Stepped(), SeriesOf({{800, 500, 300, 0}, {900, 900, 25'000, 0}}));
  EXPECT_EQ(found.capacity_users, 100);
  EXPECT_TRUE(found.generator_limited);
  EXPECT_NE(found.steps[1].broke.find("the generator, not the server"), std::string::npos);
}

TEST(BreakingPoint, ARunCutShortBreaksTheStepsItDidNotCover) {
  const BreakingPoint found = FindBreakingPoint(Stepped(), SeriesOf({{800, 500, 300, 0}}));
  EXPECT_EQ(found.capacity_users, 100);
  EXPECT_EQ(found.steps[1].broke, "the run ended before this step's window did");
}

TEST(BreakingPoint, TheCapacityIsJudgedAgainstTheFloorAndTheExpectation) {
  BreakingPointParams steps;
  steps.capacity_floor_users = 200;
  const BreakingPoint found = FindBreakingPoint(
      Stepped(), SeriesOf({{800, 500, 300, 0}, {120'000, 900, 400, 0}, {500, 1400, 300, 0}}));
  Verdict below;
  JudgeCapacity(steps, found, "Selftest/BreakingPoint/Steps", &below);
  EXPECT_EQ(below.outcome, Outcome::kFail);
  EXPECT_EQ(below.violations,
            std::vector<std::string>{"capacity 100 users < 200 [Selftest/BreakingPoint/Steps]"});

  steps.capacity_floor_users = 0;
  steps.expect_capacity_users = 300;  // an expectation is a floor too
  Verdict expected;
  JudgeCapacity(steps, found, "R", &expected);
  EXPECT_EQ(expected.violations, std::vector<std::string>{"capacity 100 users < 300 [R]"});

  steps.expect_capacity_users = 100;
  Verdict exact;
  JudgeCapacity(steps, found, "R", &exact);
  EXPECT_EQ(exact.outcome, Outcome::kPass);
}

TEST(BreakingPoint, ASearchTheSwarmCutShortBelowTheFloorIsInconclusive) {
  BreakingPointParams steps;
  steps.capacity_floor_users = 300;
  const BreakingPoint found =
      FindBreakingPoint(Stepped(), SeriesOf({{800, 500, 300, 0}, {900, 900, 25'000, 0}}));
  Verdict verdict;
  JudgeCapacity(steps, found, "R", &verdict);
  EXPECT_EQ(verdict.outcome, Outcome::kInconclusive);
  EXPECT_TRUE(verdict.violations.empty());
  ASSERT_EQ(StepLines(found).size(), 2u);
  EXPECT_EQ(StepLines(found)[0],
            "1: 100 users, message_latency p95 0.8 ms (500), loop_lag p99 0.3 ms, 0 errors: held");
}

}  // namespace
}  // namespace swarmgate
