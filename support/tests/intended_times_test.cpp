// Intended-time arithmetic: ramps, steps, arrivals, request schedules, the HTTP user mix, and
// how long a row should take.
#include "intended_times.h"

#include <gtest/gtest.h>

#include <vector>

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

constexpr Micros kZeroUs = 1'000'000'000;  // time zero of the run

TEST(IntendedTimes, UsersConnectAlongTheRamp) {
  const LoadSpec row = LoadSpec("R", ChatParams()).Pairs(5).Ramp(10s);
  const IntendedTimes times(row, kZeroUs);
  EXPECT_EQ(times.ConnectUs(0), kZeroUs);
  EXPECT_EQ(times.ConnectUs(5), kZeroUs + 5 * kMicrosPerSecond);
  EXPECT_EQ(times.ConnectUs(9), kZeroUs + 9 * kMicrosPerSecond);
}

TEST(IntendedTimes, StepsRampInFromTheirOwnStart) {
  const LoadSpec row =
      LoadSpec("R", BreakingPointParams()).Users(300).StepUsers(100).StepEvery(20s).Ramp(4s);
  const IntendedTimes times(row, kZeroUs);
  EXPECT_EQ(times.ConnectUs(0), kZeroUs);
  EXPECT_EQ(times.ConnectUs(50), kZeroUs + 2 * kMicrosPerSecond);
  EXPECT_EQ(times.ConnectUs(150), kZeroUs + 22 * kMicrosPerSecond);  // step 2, half-way
  EXPECT_EQ(times.LastStepEndUs(), kZeroUs + 60 * kMicrosPerSecond);
  EXPECT_EQ(times.WindowS(), 20);  // one window per step
}

TEST(IntendedTimes, AgentsRampAndVisitorsArriveAtTheCallRate) {
  const LoadSpec row =
      LoadSpec("R", CallBurstParams()).Agents(4).CallRate(2).Users(4 + 10).Ramp(2s);
  const IntendedTimes times(row, kZeroUs);
  EXPECT_EQ(times.ConnectUs(2), kZeroUs + 1 * kMicrosPerSecond);  // agent 2 of 4 over 2 s
  // Visitors from a second after the ramp, one every 0.5 s.
  EXPECT_EQ(times.ConnectUs(4), kZeroUs + 3 * kMicrosPerSecond);
  EXPECT_EQ(times.ConnectUs(7), kZeroUs + 4'500'000);
  EXPECT_EQ(times.VisitorArrivalUs(3), times.ConnectUs(7));
  // Agents stay until the last visitor (number 9, at 7.5 s) has waited call_wait_s (10 s).
  EXPECT_EQ(times.AgentsOffDutyUs(), kZeroUs + 17'500'000);
  for (int visitor = 4; visitor < 14; ++visitor) {
    EXPECT_GE(times.AnswerDelayUs(visitor), 200'000);
    EXPECT_LE(times.AnswerDelayUs(visitor), 1'000'000);
  }
}

TEST(IntendedTimes, HttpRequestsAreSharedOutOnTheRateGrid) {
  const LoadSpec row =
      LoadSpec("R", HttpRateParams()).Users(3).Ramp(1s).RequestRate(4).Hold(10s).Paths({"/health"});
  const IntendedTimes times(row, kZeroUs);
  EXPECT_EQ(times.PlannedRequests(), 40);
  EXPECT_EQ(times.RequestUs(0), kZeroUs + kMicrosPerSecond);
  EXPECT_EQ(times.RequestUs(10), kZeroUs + 3'500'000);
  EXPECT_EQ(times.HoldEndUs(), kZeroUs + 11 * kMicrosPerSecond);
}

TEST(IntendedTimes, DropsFallInTheirWindowAndTheChosenShareDrops) {
  const LoadSpec row = LoadSpec("R", ReconnectStormParams())
                           .Pairs(500)
                           .Ramp(2s)
                           .ChatFor(40s)
                           .DropShare(0.3)
                           .DropAfter(5s)
                           .DropWindow(10s)
                           .ReturnWithin(8s);
  const IntendedTimes times(row, kZeroUs);
  int dropping = 0;
  for (int i = 0; i < 1000; ++i) {
    dropping += times.Drops(i);
    EXPECT_GE(times.DropUs(i), kZeroUs + 7 * kMicrosPerSecond);
    EXPECT_LT(times.DropUs(i), kZeroUs + 17 * kMicrosPerSecond);
    EXPECT_GE(times.ReturnDelayUs(i), 0);
    EXPECT_LT(times.ReturnDelayUs(i), 8 * kMicrosPerSecond);
  }
  EXPECT_NEAR(dropping, 300, 5);
}

TEST(IntendedTimes, MatchWindowAndSendPhasesSpreadUsers) {
  const LoadSpec row = LoadSpec("R", MatchmakingParams()).Users(100).Ramp(10s).MatchWindow(1s);
  const IntendedTimes times(row, kZeroUs);
  EXPECT_EQ(times.FindMatchUs(0), kZeroUs + 10 * kMicrosPerSecond);
  EXPECT_EQ(times.FindMatchUs(50), kZeroUs + 10'500'000);
  EXPECT_EQ(times.SteadyFromS(), 11);
  EXPECT_EQ(times.WindowS(), 60);  // the default
  // The first send of a chat lies within one interval of its start, at the user's phase.
  for (int i = 0; i < 100; ++i) {
    const Micros first = times.FirstSendUs(kZeroUs, 2, i);
    EXPECT_GE(first, kZeroUs);
    EXPECT_LT(first, kZeroUs + 2 * kMicrosPerSecond);
  }
  EXPECT_NE(times.FirstSendUs(kZeroUs, 2, 1), times.FirstSendUs(kZeroUs, 2, 2));
}

// Connects and a chat's first sends fall on the 5 ms grid from time zero, never before the
// time they would have had: actions of one slot share their thread's wakeup.
TEST(IntendedTimes, PacedTimesFallOnTheGridNeverEarlier) {
  const LoadSpec row = LoadSpec("R", ChatParams()).Pairs(500).Ramp(7s);
  const IntendedTimes times(row, kZeroUs);
  for (int i = 0; i < 1000; ++i) {
    const Micros exact = kZeroUs + static_cast<Micros>(7e6 * i / 1000);
    const Micros connect = times.ConnectUs(i);
    EXPECT_EQ((connect - kZeroUs) % kScheduleGridUs, 0) << i;
    EXPECT_GE(connect, exact);
    EXPECT_LT(connect - exact, kScheduleGridUs);
    const Micros chat_start = kZeroUs + 3'141'593;  // a receive time, off the grid
    const Micros first = times.FirstSendUs(chat_start, 1, i);
    EXPECT_EQ((first - kZeroUs) % kScheduleGridUs, 0) << i;
    EXPECT_GE(first, chat_start);
  }
  EXPECT_EQ(times.OnGrid(kZeroUs - 7), kZeroUs - 7);  // before time zero: left as it is
}

TEST(IntendedTimes, PlannedDurationCoversRampHoldAndTimeouts) {
  const LoadSpec saturate = LoadSpec("Conns", SaturateParams()).Users(10).Ramp(30s).Hold(60s);
  EXPECT_GE(PlannedDurationS(saturate), 90);
  const LoadSpec chat = LoadSpec("Chat", ChatParams()).Pairs(1).Ramp(1s).ChatFor(10s);
  EXPECT_GE(PlannedDurationS(chat), 1 + 10 + 10 + 1);  // ramp, match timeout, chat, drain
  const LoadSpec calls =
      LoadSpec("Calls", CallBurstParams()).Agents(5).CallRate(2).Users(5 + 20).Ramp(1s);
  EXPECT_GE(PlannedDurationS(calls), 1 + 1 + 10 + 10);  // ramp, a second, arrivals, wait
}

TEST(HttpMixSchedule, BurstsAreGapApartAndThinkTimesLieBetweenThem) {
  const HttpUserType heavy{"heavy", 1, 0.5, 1.5, 5, 5, 0.1};
  HttpMixSchedule schedule(heavy, 3, 0, 60 * kMicrosPerSecond);
  std::vector<Micros> times;
  for (; !schedule.done(); schedule.Advance()) times.push_back(schedule.next_us());
  ASSERT_GE(times.size(), 100u);
  EXPECT_EQ(static_cast<std::int64_t>(times.size()),
            HttpMixSchedule(heavy, 3, 0, 60 * kMicrosPerSecond).Count());
  for (std::size_t i = 1; i < times.size(); ++i) {
    const Micros gap = times[i] - times[i - 1];
    if (i % 5 != 0) {
      EXPECT_EQ(gap, 100 * kMicrosPerMilli) << i;  // within a burst
    } else {
      EXPECT_GE(gap, 500 * kMicrosPerMilli) << i;  // a think time
      EXPECT_LE(gap, 1500 * kMicrosPerMilli) << i;
    }
  }
  EXPECT_LT(times.back(), 60 * kMicrosPerSecond);
}

TEST(HttpMixSchedule, UsersDifferButEachIsReproducible) {
  const HttpUserType normal{"normal", 10, 1, 3, 1, 1, 0};
  HttpMixSchedule a(normal, 1, 0, 10 * kMicrosPerSecond);
  HttpMixSchedule b(normal, 2, 0, 10 * kMicrosPerSecond);
  HttpMixSchedule a_again(normal, 1, 0, 10 * kMicrosPerSecond);
  EXPECT_NE(a.next_us(), b.next_us());
  EXPECT_EQ(a.next_us(), a_again.next_us());
  EXPECT_LT(a.next_us(), 3 * kMicrosPerSecond);  // somewhere in the first think time
}

TEST(HttpMixSchedule, UserTypesFollowTheirWeights) {
  const LoadSpec row = LoadSpec("Mix", HttpMixParams())
                           .Users(2'300)
                           .Hold(10s)
                           .UserMix({{"normal", 10, 1, 3, 1, 1, 0},
                                     {"heavy", 1, 0.5, 1.5, 5, 5, 0.1},
                                     {"burst", 0.5, 5, 10, 10, 20, 0.05}})
                           .Paths({"/health"});
  EXPECT_TRUE(row.Validate().empty());
  int heavy = 0, burst = 0;
  for (int i = 0; i < row.users; ++i) {
    const std::string& name = UserTypeOf(row.Params<HttpMixParams>(), i).name;
    heavy += name == "heavy";
    burst += name == "burst";
  }
  EXPECT_NEAR(heavy, 200, 3);  // 2,300 users at 10 : 1 : 0.5
  EXPECT_NEAR(burst, 100, 3);
}

}  // namespace
}  // namespace swarmgate
