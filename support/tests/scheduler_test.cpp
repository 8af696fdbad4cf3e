#include "scheduler.h"

#include <gtest/gtest.h>

#include <vector>

namespace swarmgate {
namespace {

struct Log final : TimerClient {
  void OnTimer(std::uint64_t token) override { fired.push_back(token); }
  std::vector<std::uint64_t> fired;
};

TEST(Scheduler, FiresInDeadlineOrderThenInsertionOrder) {
  asio::io_context io;
  Scheduler scheduler(&io);
  Log log;
  const Micros now = NowMicros();
  scheduler.At(now + 3000, &log, 3);
  scheduler.At(now + 1000, &log, 1);
  scheduler.At(now + 2000, &log, 2);
  scheduler.At(now + 2000, &log, 22);
  scheduler.At(now - 5000, &log, 0);  // already due
  io.run();
  EXPECT_EQ(log.fired, (std::vector<std::uint64_t>{0, 1, 2, 22, 3}));
  EXPECT_GE(NowMicros(), now + 3000);
}

TEST(Scheduler, StopDropsPendingEntries) {
  asio::io_context io;
  Scheduler scheduler(&io);
  Log log;
  scheduler.At(NowMicros() + 60 * kMicrosPerSecond, &log, 1);
  scheduler.Stop();
  io.run();  // returns at once: nothing left to wait for
  EXPECT_TRUE(log.fired.empty());
}

}  // namespace
}  // namespace swarmgate
