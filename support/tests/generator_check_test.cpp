#include "swarmgate/generator_check.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

std::vector<Threshold> Parse(std::initializer_list<const char*> texts) {
  std::vector<Threshold> out;
  std::string error;
  for (const char* text : texts) out.push_back(*ParseThreshold(text, &error));
  return out;
}

TEST(GeneratorCheck, LoopLagBoundIsATenthOfTheTightestLatencyBound) {
  LoadSpec row("R", ChatParams());
  EXPECT_EQ(LoopLagBoundUs(row, Parse({"message_latency p95 < 100ms", "pairing_time p95 < 1s",
                                       "messages_lost count == 0"})),
            10e3);
  EXPECT_EQ(LoopLagBoundUs(row, Parse({"messages_lost count == 0"})), 100e3);
  EXPECT_EQ(LoopLagBoundUs(row, Parse({"connect_time min > 1us"})), 100e3);  // a lower bound
  row.MaxLoopLag(std::chrono::milliseconds(25));
  EXPECT_EQ(LoopLagBoundUs(row, Parse({"message_latency p95 < 100ms"})), 25e3);
}

TEST(GeneratorCheck, AKeptUpSwarmHasNoProblems) {
  LoadSpec row("R", ChatParams());
  Recorder r;
  for (int i = 0; i < 1000; ++i) r.Record(Latency::kLoopLag, 200);
  r.Add(Counter::kPacedSends, 1000);
  r.Add(Counter::kLateSends, 10);
  EXPECT_TRUE(GeneratorProblems(row, Parse({"message_latency p95 < 100ms"}), r).empty());
}

TEST(GeneratorCheck, LagAndLateSendsEachGiveAReason) {
  LoadSpec row("R", ChatParams());
  Recorder r;
  for (int i = 0; i < 100; ++i) r.Record(Latency::kLoopLag, i < 90 ? 100 : 300'000);
  r.Add(Counter::kPacedSends, 1000);
  r.Add(Counter::kLateSends, 300);
  const auto problems = GeneratorProblems(row, Parse({"message_latency p95 < 100ms"}), r);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0],
            "swarm event-loop lag p99 300.0 ms > 10.0 ms: the load generator, not the server, "
            "set the pace");
  EXPECT_EQ(problems[1],
            "30.0 % of paced sends left more than 10 ms late (tolerated 5.0 %): the offered "
            "load fell short of the intended load");
}

}  // namespace
}  // namespace swarmgate
