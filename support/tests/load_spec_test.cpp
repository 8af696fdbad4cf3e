#include "swarmgate/load_spec.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

TEST(LoadSpec, AValidRowHasNoProblems) {
  LoadSpec row("Pairs20", Flow::kChat);
  row.Pairs(20).RampS(1).ChatS(10).MessageIntervalS(0.5);
  EXPECT_TRUE(row.Validate().empty());
}

TEST(LoadSpec, ReportsEveryProblemAtOnceNamingTheRow) {
  LoadSpec row("Broken", Flow::kChat);
  row.Users(3).RampS(-1).MatchTimeoutS(0).MessageIntervalS(0.05).PayloadBytes(-5);
  const std::vector<std::string> problems = row.Validate();
  const std::vector<std::string> expected = {
      "row Broken: matching flows need an even number of users",
      "row Broken: durations must be >= 0",
      "row Broken: match_timeout_s must be > 0",
      "row Broken: chat needs chat_s > 0 and message_interval_s > 0",
      "row Broken: typing_lead_s must lie in [0, message_interval_s)",
      "row Broken: payload_bytes must lie in 0..1 MiB",
  };
  EXPECT_EQ(problems, expected);
}

TEST(LoadSpec, PlannedDurationCoversRampHoldAndTimeouts) {
  LoadSpec saturate("Conns", Flow::kSaturate);
  saturate.Users(10).RampS(30).HoldS(60);
  EXPECT_GE(saturate.PlannedDurationS(), 90);
  LoadSpec chat("Chat", Flow::kChat);
  chat.Pairs(1).RampS(1).ChatS(10);
  EXPECT_GE(chat.PlannedDurationS(), 1 + chat.match_timeout_s + 10 + chat.drain_s);
}

}  // namespace
}  // namespace swarmgate
