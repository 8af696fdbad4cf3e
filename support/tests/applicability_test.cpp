// What a run cannot measure because of the server's shape: listed with the reason, never
// passed or failed.
#include "applicability.h"

#include <gtest/gtest.h>

#include "shipped_profile.h"
#include "swarmgate/profile.h"

namespace swarmgate {
namespace {

std::vector<std::string> Metrics(const NotApplicable& list) {
  std::vector<std::string> out;
  for (const auto& [metric, why] : list) out.push_back(metric);
  return out;
}

TEST(Applicability, TheReferenceServerShowsEverything) {
  const LoadSpec row("R", ReconnectStormParams());
  EXPECT_TRUE(NotApplicableMetrics(row, *MakeReferenceDialect()).empty());
  EXPECT_TRUE(PairCheckNotes(row, *MakeReferenceDialect()).empty());
}

TEST(Applicability, ARowWithoutTypingIndicatorsCannotJudgeThem) {
  const LoadSpec row = LoadSpec("R", ChatParams()).NoTyping();
  const NotApplicable list = NotApplicableMetrics(row, *MakeReferenceDialect());
  EXPECT_EQ(Metrics(list),
            (std::vector<std::string>{"typing_latency", "typing_lost", "typing_sent"}));
  EXPECT_EQ(list.front().second, "the row sends no typing indicators (typing false)");
}

TEST(Applicability, ARelayWithoutMatchmakingOrTypingCannotShowThem) {
  const auto relay = MakeProfileDialect(ShippedProfile("ws-signaling-relay"));
  const LoadSpec row("R", SignalingParams());
  EXPECT_EQ(Metrics(NotApplicableMetrics(row, *relay)),
            (std::vector<std::string>{"typing_latency", "typing_lost", "typing_sent",
                                      "partner_left_delivered", "pairing_time", "duplicate_matches",
                                      "match_timeouts", "inconsistent_pairs"}));
}

TEST(Applicability, ThresholdsThatDoNotApplyAreListedNotJudged) {
  std::string error;
  const std::vector<Threshold> thresholds = {*ParseThreshold("typing_latency p95 < 200ms", &error),
                                             *ParseThreshold("messages_lost count == 0", &error)};
  Recorder r;
  r.Add(Counter::kMessagesSent, 10);
  const Verdict v =
      Judge(thresholds, r, nullptr, "Smoke/Chat/X", {}, {{"typing_latency", "no typing"}});
  EXPECT_EQ(v.outcome, Outcome::kPass);
  EXPECT_EQ(v.not_applicable,
            std::vector<std::string>{"typing_latency p95 < 200ms: no typing [Smoke/Chat/X]"});
}

TEST(Applicability, AServerThatNamesNoPartnerLeavesAPairCheckOut) {
  const auto queue = MakeProfileDialect(ShippedProfile("socketio-queue-chat"));
  const LoadSpec row("R", ChatParams());
  ASSERT_EQ(PairCheckNotes(row, *queue).size(), 1u);
  EXPECT_EQ(
      PairCheckNotes(row, *queue)[0].rfind("inconsistent_pairs: the server names no partner", 0),
      0u);
}

}  // namespace
}  // namespace swarmgate
