#include "swarmgate/slo.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

TEST(Slo, BoundsAreLaidOverTheRowsOwnAndSayWhereTheyCameFrom) {
  std::vector<std::string> errors;
  const std::optional<SloFile> slo = ParseSlo(R"({
    "families": {"chat": ["message_latency p95 < 50ms", "message_latency p99 < 80ms"]},
    "rows": {"Smoke/Chat/Pairs20": ["message_latency p95 < 40ms"]}})",
                                              "slo.json", &errors);
  ASSERT_TRUE(slo) << errors.front();
  const std::vector<std::string> own = {"message_latency p95 < 100ms", "messages_lost count == 0"};
  const std::vector<SourcedThreshold> row = ApplySlo(own, &*slo, "chat", "Smoke/Chat/Pairs20");
  ASSERT_EQ(row.size(), 3u);
  EXPECT_EQ(row[0].text, "message_latency p95 < 40ms");
  EXPECT_EQ(row[0].source, "slo.json rows/Smoke/Chat/Pairs20");
  EXPECT_EQ(row[0].replaced, "message_latency p95 < 100ms");  // the row's, not the family's
  EXPECT_EQ(row[1].text, "messages_lost count == 0");
  EXPECT_EQ(row[1].source, "row");
  EXPECT_EQ(row[2].text, "message_latency p99 < 80ms");
  EXPECT_EQ(row[2].source, "slo.json families/chat");
  const std::vector<SourcedThreshold> other = ApplySlo(own, &*slo, "match", "Smoke/Match/A");
  EXPECT_EQ(other.size(), 2u);
  EXPECT_EQ(ApplySlo(own, nullptr, "chat", "x").size(), 2u);
}

TEST(Slo, EveryProblemAtOnceWithItsPointer) {
  std::vector<std::string> errors;
  EXPECT_FALSE(ParseSlo(R"({"families": {"gossip": [], "chat": ["message_latency p95 < 1", 3]},
                            "rows": {"a": "x"}, "extra": {}})",
                        "slo.json", &errors));
  const std::vector<std::string> expected = {
      "slo.json: /families/gossip: not a family (saturate, match, chat, signaling, calls, "
      "reconnect, http, breaking-point, soak)",
      "slo.json: /families/chat/0: threshold \"message_latency p95 < 1\": a latency bound needs "
      "a unit: us, ms or s",
      "slo.json: /families/chat/1: expected a threshold (a string)",
      "slo.json: /rows/a: expected a list of thresholds",
      "slo.json: /extra: unknown key (an SLO file has \"families\", \"rows\" and "
      "\"description\")",
  };
  EXPECT_EQ(errors, expected);
  errors.clear();
  EXPECT_FALSE(LoadSlo("/nonexistent/slo.json", &errors));
  EXPECT_EQ(errors, std::vector<std::string>{"/nonexistent/slo.json: no such file"});
}

TEST(Slo, TheShippedExampleIsValid) {
  std::vector<std::string> errors;
  EXPECT_TRUE(LoadSlo(SWARMGATE_SOURCE_DIR "/plans/slo-example.json", &errors))
      << (errors.empty() ? "" : errors.front());
}

}  // namespace
}  // namespace swarmgate
