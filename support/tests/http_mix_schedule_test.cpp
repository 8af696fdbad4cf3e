// The HTTP user mix: each user's schedule of intended request times, and the weighting of
// user types over the swarm.
#include "http_mix_schedule.h"

#include <gtest/gtest.h>

#include <vector>

namespace swarmgate {
namespace {

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
  LoadSpec spec("Mix", Flow::kHttpMix);
  spec.Users(2'300).HoldS(10).UserMix({{"normal", 10, 1, 3, 1, 1, 0},
                                       {"heavy", 1, 0.5, 1.5, 5, 5, 0.1},
                                       {"burst", 0.5, 5, 10, 10, 20, 0.05}},
                                      {"/health"});
  EXPECT_TRUE(spec.Validate().empty());
  int heavy = 0, burst = 0;
  for (int i = 0; i < spec.users; ++i) {
    const std::string& name = spec.UserTypeOf(i).name;
    heavy += name == "heavy";
    burst += name == "burst";
  }
  EXPECT_NEAR(heavy, 200, 3);  // 2,300 users at 10 : 1 : 0.5
  EXPECT_NEAR(burst, 100, 3);
}

}  // namespace
}  // namespace swarmgate
