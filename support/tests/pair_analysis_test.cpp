#include "pair_analysis.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

ChatRecord Side(std::string_view match, std::string_view self, std::string_view partner) {
  ChatRecord r;
  r.match_key = KeyOf(match);
  r.self_key = KeyOf(self);
  r.partner_key = KeyOf(partner);
  return r;
}

TEST(PairAnalysis, JoinsTypingByOrderAndCountsLoss) {
  Recorder rec;
  ChatRecord a = Side("m1", "alice", "bob");
  ChatRecord b = Side("m1", "bob", "alice");
  a.messages_sent = 5;
  for (std::uint32_t seq : {0u, 1u, 3u}) b.NoteReceived(seq, &rec);  // 2 and 4 lost
  b.messages_sent = 2;
  a.NoteReceived(0, &rec);
  a.NoteReceived(1, &rec);
  a.typing_sent_us = {1000, 2000, 3000};
  b.typing_received_us = {1500, 2700};  // the third indicator never arrived
  PairJoin join;
  join.Deposit(a);
  join.Deposit(b);
  join.Finish(&rec);
  EXPECT_EQ(rec.count(Counter::kMessagesLost), 2);
  EXPECT_EQ(rec.count(Counter::kMessagesReceived), 5);
  EXPECT_EQ(rec.count(Counter::kTypingLost), 1);
  EXPECT_EQ(rec.count(Counter::kInconsistentPairs), 0);
  const Histogram& typing = rec.histogram(Latency::kTypingLatency);
  EXPECT_EQ(typing.count(), 2);
  EXPECT_EQ(typing.min(), 500);
  EXPECT_EQ(typing.max(), 700);
}

TEST(PairAnalysis, DuplicatesAndReorderingAreCountedOnReceipt) {
  Recorder rec;
  ChatRecord r = Side("m", "x", "y");
  for (std::uint32_t seq : {0u, 2u, 1u, 2u}) r.NoteReceived(seq, &rec);
  EXPECT_EQ(r.messages_received, 3);
  EXPECT_EQ(rec.count(Counter::kOutOfOrder), 1);
  EXPECT_EQ(rec.count(Counter::kMessagesDuplicated), 1);
}

TEST(PairAnalysis, PartnerMatchedWithSomebodyElseIsInconsistent) {
  Recorder rec;
  ChatRecord a = Side("m1", "alice", "bob");
  ChatRecord b = Side("m1", "bob", "carol");  // the server told bob another name
  ChatRecord c = Side("m2", "dave", "erin");  // erin never heard of this match
  PairJoin join;
  join.Deposit(a);
  join.Deposit(b);
  join.Deposit(c);
  join.Finish(&rec);
  EXPECT_EQ(rec.count(Counter::kInconsistentPairs), 3);
}

TEST(PairAnalysis, JoinedPairsAreNotKeptAndOrderDoesNotMatter) {
  Recorder rec;
  PairJoin join;
  for (int i = 0; i < 1000; ++i) {
    const std::string match = "m" + std::to_string(i);
    ChatRecord x = Side(match, "x", "y");
    ChatRecord y = Side(match, "y", "x");
    x.messages_sent = 2;
    y.NoteReceived(0, &rec);  // one of x's two messages lost, in every match
    join.Deposit(i % 2 ? x : y);
    join.Deposit(i % 2 ? y : x);
  }
  join.Finish(&rec);
  EXPECT_EQ(rec.count(Counter::kMessagesLost), 1000);
  EXPECT_EQ(rec.count(Counter::kInconsistentPairs), 0);
}

// Servers that never name the partner: the two sides of a match are joined by its id.
TEST(PairAnalysis, WithoutPartnerNamesTheMatchIdJoinsTheSides) {
  Recorder rec;
  ChatRecord a = Side("m7", "", "");
  ChatRecord b = Side("m7", "", "");
  a.partner_key = b.partner_key = 0;
  a.messages_sent = 3;
  b.NoteReceived(0, &rec);
  b.NoteReceived(2, &rec);
  a.typing_sent_us = {1000};
  b.typing_received_us = {1250};
  PairJoin join;
  join.Deposit(a);
  join.Deposit(b);
  join.Finish(&rec);
  EXPECT_EQ(rec.count(Counter::kMessagesLost), 1);
  EXPECT_EQ(rec.count(Counter::kInconsistentPairs), 0);
  EXPECT_EQ(rec.histogram(Latency::kTypingLatency).max(), 250);
}

}  // namespace
}  // namespace swarmgate
