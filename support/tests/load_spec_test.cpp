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

TEST(LoadSpec, TheNewFamiliesCheckTheirOwnParameters) {
  LoadSpec calls("Calls", Flow::kCallBurst);
  calls.CallBurst(5, 2, 10).RampS(1);
  EXPECT_EQ(calls.users, 25);
  EXPECT_TRUE(calls.Validate().empty());
  EXPECT_DOUBLE_EQ(calls.VisitorArrivalS(4), 1 + 1 + 2.0);
  calls.CallShares(0.8, 0.3).AnswerDelayS(2, 1);
  EXPECT_EQ(calls.Validate(),
            (std::vector<std::string>{
                "row Calls: accept_share and reject_share must be >= 0 and sum to at most 1",
                "row Calls: answer delays must satisfy 0 <= min <= max < call_wait_s"}));

  LoadSpec storm("Storm", Flow::kReconnectStorm);
  storm.Pairs(10).RampS(2).ChatS(30).Drops(0.5, 3, 5, 10);
  EXPECT_TRUE(storm.Validate().empty());
  storm.ChatS(20);  // a return could come after the chat ended
  EXPECT_EQ(storm.Validate().size(), 1u);

  LoadSpec signaling("Signals", Flow::kSignaling);
  signaling.Pairs(1).ChatS(10).MessageIntervalS(2).IceCandidates(65);
  EXPECT_EQ(signaling.Validate(),
            (std::vector<std::string>{"row Signals: ice_candidates must lie in 0..64"}));
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
