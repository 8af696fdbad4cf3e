#include "swarmgate/shard_merge.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "pair_analysis.h"
#include "series_collector.h"
#include "swarmgate/shard_result.h"

namespace swarmgate {
namespace {

// A histogram written to a shard file and read back.
Histogram ThroughAFile(const Histogram& h) {
  ShardResult s;
  s.row_json = "{}";
  s.result.metrics.histogram(Latency::kMessageLatency) = h;
  std::vector<std::string> errors;
  std::optional<ShardResult> back = ParseShardResult(RenderShardResult(s), "s.json", &errors);
  EXPECT_TRUE(back) << ::testing::PrintToString(errors);
  return back ? back->result.metrics.histogram(Latency::kMessageLatency) : Histogram();
}

void ExpectSameAtEveryPercentile(const Histogram& merged, const Histogram& whole) {
  ASSERT_EQ(merged.count(), whole.count());
  EXPECT_EQ(merged.min(), whole.min());
  EXPECT_EQ(merged.max(), whole.max());
  EXPECT_EQ(merged.mean(), whole.mean());
  EXPECT_EQ(merged.out_of_range_count(), whole.out_of_range_count());
  EXPECT_EQ(merged.NonZeroBuckets(), whole.NonZeroBuckets());
  // 0 .. 100 % in steps of 0.01 %, and the tail from 99.9 % in steps of 0.001 %.
  std::vector<double> percentiles;
  for (int p = 0; p <= 10000; ++p) percentiles.push_back(p / 100.0);
  for (int p = 0; p <= 100; ++p) percentiles.push_back(99.9 + p / 1000.0);
  for (double percentile : percentiles) {
    ASSERT_EQ(merged.ValueAtPercentile(percentile), whole.ValueAtPercentile(percentile))
        << "at p" << percentile;
  }
}

// The issue's proof: a merge of N shards' histograms is one histogram of the same samples,
// exactly, at every percentile, for shapes a latency takes (and values out of range).
TEST(ShardMerge, NShardsHistogramsAreOneHistogramOfTheSameSamplesAtEveryPercentile) {
  std::mt19937_64 random(20261202);
  struct Shape {
    const char* name;
    std::function<std::int64_t()> draw;
  };
  std::lognormal_distribution<double> lognormal(7.0, 1.2);  // ~1 ms median, a long tail
  std::uniform_int_distribution<std::int64_t> uniform(0, 5'000'000);
  std::exponential_distribution<double> exponential(1.0 / 300.0);
  std::bernoulli_distribution slow(0.02);
  const std::vector<Shape> shapes = {
      {"lognormal", [&] { return static_cast<std::int64_t>(lognormal(random)); }},
      {"uniform 0-5 s", [&] { return uniform(random); }},
      {"bimodal: 2 % stalled 2-3 s",
       [&] {
         return slow(random) ? 2'000'000 + uniform(random) / 5
                             : static_cast<std::int64_t>(exponential(random));
       }},
      {"with values out of range",
       [&] {
         return slow(random) ? 5'000'000'000LL : static_cast<std::int64_t>(lognormal(random));
       }},
  };
  for (const Shape& shape : shapes) {
    for (int shards : {2, 3, 16}) {
      for (int samples : {1, 1000, 50'000}) {
        SCOPED_TRACE(std::string(shape.name) + ", " + std::to_string(shards) + " shards, " +
                     std::to_string(samples) + " samples");
        Histogram whole;
        std::vector<Histogram> parts(static_cast<std::size_t>(shards));
        std::uniform_int_distribution<int> which(0, shards - 1);
        for (int i = 0; i < samples; ++i) {
          const std::int64_t v = shape.draw();
          whole.Record(v);
          parts[static_cast<std::size_t>(which(random))].Record(v);
        }
        Histogram merged;
        // Each part as a merge reads it: through a shard file (for 3 shards: a file holds
        // a whole recorder, costly to build in bulk), else through its saved state.
        for (const Histogram& part : parts) {
          ASSERT_TRUE(
              merged.Merge(shards == 3 ? ThroughAFile(part) : *Histogram::Restore(part.Save())));
        }
        ExpectSameAtEveryPercentile(merged, whole);
      }
    }
  }
}

TEST(ShardMerge, AStateSaveCouldNotHaveWrittenIsRefused) {
  Histogram h;
  h.Record(5000);
  Histogram::State s = h.Save();
  ASSERT_TRUE(Histogram::Restore(s));
  Histogram::State not_a_bucket = s;
  not_a_bucket.buckets[0].first = 5000;  // 5000 is inside a bucket of width 4, not its top
  EXPECT_FALSE(Histogram::Restore(not_a_bucket));
  Histogram::State negative = s;
  negative.buckets[0].second = -1;
  EXPECT_FALSE(Histogram::Restore(negative));
  Histogram::State beyond = s;
  beyond.buckets[0].first = s.highest_trackable + 1;
  EXPECT_FALSE(Histogram::Restore(beyond));
}

// One shard's seconds, as a swarm thread delivers them, through the same collector.
TimeSeries SeriesOf(const std::vector<std::vector<std::int64_t>>& values_by_second,
                    std::int64_t connections) {
  SeriesCollector c({Latency::kMessageLatency}, 1, 3, true);
  for (std::size_t k = 0; k < values_by_second.size(); ++k) {
    ThreadSecond t;
    t.open_connections = connections;
    t.counters[static_cast<std::size_t>(Counter::kConnectAttempts)] = 1;
    Histogram h;
    for (std::int64_t v : values_by_second[k]) h.Record(v);
    t.values.push_back(h.NonZeroBuckets());
    c.Deliver(0, static_cast<int>(k), std::move(t));
  }
  c.ThreadDone(0);
  return c.Finish(static_cast<double>(values_by_second.size()));
}

TEST(ShardMerge, SecondsAndWindowsAreThoseOfAllTheSamplesTogether) {
  const std::vector<std::vector<std::int64_t>> a = {{100, 200}, {300}, {}, {5000, 6000}, {7}};
  const std::vector<std::vector<std::int64_t>> b = {{150}, {900, 950, 990}, {40}, {}, {}};
  std::vector<std::vector<std::int64_t>> both(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    both[k] = a[k];
    both[k].insert(both[k].end(), b[k].begin(), b[k].end());
  }
  const TimeSeries sa = SeriesOf(a, 10), sb = SeriesOf(b, 5), whole = SeriesOf(both, 15);
  const TimeSeries merged = MergeSeries({&sa, &sb}, 5);
  ASSERT_EQ(merged.seconds.size(), whole.seconds.size());
  for (std::size_t k = 0; k < whole.seconds.size(); ++k) {
    EXPECT_EQ(merged.seconds[k].p95_us, whole.seconds[k].p95_us) << k;
    EXPECT_EQ(merged.seconds[k].messages, whole.seconds[k].messages) << k;
    EXPECT_EQ(merged.seconds[k].open_connections, 15) << k;  // summed, not the larger
    EXPECT_EQ(merged.seconds[k].connects, 2) << k;
  }
  ASSERT_EQ(merged.windows.size(), whole.windows.size());
  for (std::size_t w = 0; w < whole.windows.size(); ++w) {
    EXPECT_EQ(merged.windows[w].complete, whole.windows[w].complete);
    EXPECT_EQ(merged.windows[w].latency[0].count, whole.windows[w].latency[0].count);
    EXPECT_EQ(merged.windows[w].latency[0].p95_us, whole.windows[w].latency[0].p95_us);
    EXPECT_EQ(merged.windows[w].latency[0].p99_us, whole.windows[w].latency[0].p99_us);
  }
}

ShardResult AShard(int index, int count) {
  ShardResult s;
  s.shard = {index, count};
  s.row_id = "team/Chat";
  s.test_name = "team-Chat";
  s.plan = "team.json fnv1a64:0123456789abcdef";
  s.row_json = R"({"name":"Chat","flow":"chat"})";
  s.start_unix_us = 1764676800000000;
  s.context = {{"revision", "abc123"}, {"target", "ws://127.0.0.1:8080/ws"}};
  s.thresholds = {{"team/Chat", {"messages_lost count == 0", "row", ""}},
                  {"team/Chat", {"message_latency p95 < 50ms", "row", ""}}};
  s.result.series = SeriesOf({{1000}, {2000}}, 2);
  s.result.metrics.Record(Latency::kMessageLatency, 1000 * (index + 1));
  s.result.metrics.Add(Counter::kMessagesSent, 10);
  s.result.metrics.Add(Counter::kMessagesReceived, 10);
  s.result.elapsed_s = 2;
  return s;
}

std::vector<std::string> RefusalsOf(std::vector<ShardResult> shards) {
  std::vector<std::string> sources;
  for (const ShardResult& s : shards) sources.push_back("s" + s.shard.ToString() + ".json");
  std::vector<std::string> errors;
  EXPECT_FALSE(MergeShards(std::move(shards), sources, &errors));
  return errors;
}

TEST(ShardMerge, ShardsOfAnotherRowPlanRevisionOrRunAndMissingShardsAreRefused) {
  EXPECT_EQ(RefusalsOf({AShard(0, 3), AShard(2, 3)}),
            (std::vector<std::string>{
                "shard 1/3 of team/Chat is missing: a merge needs every shard's result"}));
  EXPECT_EQ(RefusalsOf({AShard(0, 2), AShard(0, 2), AShard(1, 2)}),
            (std::vector<std::string>{"shard 0/2 is given twice: s0/2.json and s0/2.json"}));
  ShardResult other_row = AShard(1, 2), other_plan = AShard(1, 2), other_revision = AShard(1, 2),
              other_run = AShard(1, 2);
  other_row.row_id = "team/Match";
  other_plan.plan = "team.json fnv1a64:fedcba9876543210";
  other_revision.context[0].second = "def456";
  other_run.start_unix_us += 60'000'000;
  EXPECT_EQ(RefusalsOf({AShard(0, 2), other_row}),
            (std::vector<std::string>{"shard 1/2 (s1/2.json) is of another row (team/Match) from "
                                      "shard 0/2 (s0/2.json) (team/Chat)"}));
  EXPECT_EQ(RefusalsOf({AShard(0, 2), other_plan}),
            (std::vector<std::string>{
                "shard 1/2 (s1/2.json) is of another plan (team.json fnv1a64:fedcba9876543210) "
                "from shard 0/2 (s0/2.json) (team.json fnv1a64:0123456789abcdef)"}));
  EXPECT_EQ(RefusalsOf({AShard(0, 2), other_revision}),
            (std::vector<std::string>{"shard 1/2 (s1/2.json) is of another revision (def456) "
                                      "from shard 0/2 (s0/2.json) (abc123)"}));
  EXPECT_EQ(RefusalsOf({AShard(0, 2), other_run}),
            (std::vector<std::string>{
                "shard 1/2 (s1/2.json) is of another run (time zero 1764676860000000 us) from "
                "shard 0/2 (s0/2.json) (time zero 1764676800000000 us)"}));
  EXPECT_EQ(RefusalsOf({AShard(0, 2), AShard(1, 3)}).size(), 1u);
}

TEST(ShardMerge, CountersSumAndThresholdsAreJudgedOnceOnTheWhole) {
  std::vector<std::string> errors;
  auto merged = MergeShards({AShard(0, 3), AShard(1, 3), AShard(2, 3)}, {"a", "b", "c"}, &errors);
  ASSERT_TRUE(merged) << ::testing::PrintToString(errors);
  const Recorder& m = merged->row.result.metrics;
  EXPECT_EQ(m.count(Counter::kMessagesSent), 30);
  EXPECT_EQ(m.count(Counter::kMessagesReceived), 30);
  EXPECT_EQ(m.histogram(Latency::kMessageLatency).count(), 3);
  EXPECT_EQ(merged->verdict.outcome, Outcome::kPass) << merged->verdict.Summary();
  EXPECT_EQ(merged->row.shard.count, 1);
}

TEST(ShardMerge, OneInconclusiveShardMakesTheRowInconclusive) {
  ShardResult lagging = AShard(1, 2);
  lagging.result.generator_problems = {"swarm event-loop lag p99 120 ms > 5 ms"};
  std::vector<std::string> errors;
  auto merged = MergeShards({AShard(0, 2), lagging}, {"a", "b"}, &errors);
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->verdict.outcome, Outcome::kInconclusive);
  EXPECT_EQ(merged->verdict.inconclusive_reasons,
            (std::vector<std::string>{"shard 1/2: swarm event-loop lag p99 120 ms > 5 ms"}));
}

// A match the server made across two shards is joined by the merge: what one side sent
// against what the other received, typing latency on the shared time zero.
TEST(ShardMerge, AMatchAcrossTwoShardsIsJoinedByTheMerge) {
  ShardResult a = AShard(0, 2), b = AShard(1, 2);
  OpenMatchSide left, right;
  left.match_key = right.match_key = 77;
  left.self_key = right.partner_key = 1;
  left.partner_key = right.self_key = 2;
  left.messages_sent = 5;
  right.messages_received = 4;  // one of left's lost
  right.messages_sent = 3;
  left.messages_received = 3;
  left.typing_sent_us = {1'000'000, 2'000'000};
  right.typing_received_us = {1'000'400};  // one indicator delivered in 400 us, one lost
  a.result.open_match_sides = {left};
  b.result.open_match_sides = {right};
  // Through the files, as a merge reads them.
  std::vector<std::string> errors;
  auto a_back = ParseShardResult(RenderShardResult(a), "a", &errors);
  auto b_back = ParseShardResult(RenderShardResult(b), "b", &errors);
  ASSERT_TRUE(a_back && b_back) << ::testing::PrintToString(errors);
  auto merged = MergeShards({*a_back, *b_back}, {"a", "b"}, &errors);
  ASSERT_TRUE(merged) << ::testing::PrintToString(errors);
  const Recorder& m = merged->row.result.metrics;
  EXPECT_EQ(m.count(Counter::kMessagesLost), 1);
  EXPECT_EQ(m.count(Counter::kTypingLost), 1);
  EXPECT_EQ(m.count(Counter::kInconsistentPairs), 0);
  EXPECT_EQ(m.histogram(Latency::kTypingLatency).count(), 1);
  EXPECT_EQ(m.histogram(Latency::kTypingLatency).max(), 400);
  EXPECT_EQ(merged->verdict.outcome, Outcome::kFail);  // messages_lost count == 0 broke

  // A side whose partner is in no shard is what one swarm counts as inconsistent.
  b.result.open_match_sides.clear();
  merged = MergeShards({a, b}, {"a", "b"}, &errors);
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->row.result.metrics.count(Counter::kInconsistentPairs), 1);
}

TEST(ShardMerge, AShardFileReadsBackAsItWasWritten) {
  ShardResult s = AShard(1, 4);
  s.result.errors.Note(ErrorClass::kConnect, "connection refused");
  s.result.series.gauge(Gauge::kClientRss).Add(1.0, 1.5e6);
  s.not_applicable = {{"typing_latency", "the profile has no typing"}};
  s.notes = {"a note"};
  std::vector<std::string> errors;
  auto back = ParseShardResult(RenderShardResult(s), "s.json", &errors);
  ASSERT_TRUE(back) << ::testing::PrintToString(errors);
  EXPECT_EQ(RenderShardResult(*back), RenderShardResult(s));
}

TEST(ShardMerge, ABrokenShardFileIsOneLineNamingWhere) {
  std::vector<std::string> errors;
  std::string text = RenderShardResult(AShard(0, 2));
  text.replace(text.find("\"shard\":[0,2]"), 13, "\"shard\":[2,2]");
  EXPECT_FALSE(ParseShardResult(text, "s.json", &errors));
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "s.json: /shard: expected [index, count] with 0 <= index < count"}));
  errors.clear();
  EXPECT_FALSE(ParseShardResult(R"({"swarmgate_shard_version": 9})", "t.json", &errors));
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "t.json: /swarmgate_shard_version: version 9, this swarmgate reads "
                        "version 1"}));
}

TEST(ShardSpec, IAndNAreCheckedAndPairsStayTogether) {
  std::string error;
  EXPECT_FALSE(ParseShard("3/3", &error));
  EXPECT_EQ(error, "\"3/3\": the index is 0 .. 2");
  EXPECT_FALSE(ParseShard("1", &error));
  EXPECT_EQ(error, "\"1\" is not a shard: give i/N, shard i (from 0) of N, e.g. 0/3");
  EXPECT_FALSE(ParseShard("0/0", &error));
  EXPECT_FALSE(ParseShard("-1/2", &error));
  const std::optional<ShardSpec> s = ParseShard("1/3", &error);
  ASSERT_TRUE(s);
  int users = 0;
  for (int user = 0; user < 60; user += 2) {
    EXPECT_EQ(s->Has(user), s->Has(user + 1)) << user;  // the two sides of a pair
    users += s->Has(user) + s->Has(user + 1);
  }
  EXPECT_EQ(users, 20);
}

}  // namespace
}  // namespace swarmgate
