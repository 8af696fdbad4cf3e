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
  a.messages.sent = 5;
  for (std::uint32_t seq : {0u, 1u, 3u}) b.NoteMessage(seq, &rec);  // 2 and 4 lost
  b.messages.sent = 2;
  a.NoteMessage(0, &rec);
  a.NoteMessage(1, &rec);
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
  for (std::uint32_t seq : {0u, 2u, 1u, 2u}) r.NoteMessage(seq, &rec);
  EXPECT_EQ(r.messages.received, 3);
  EXPECT_EQ(rec.count(Counter::kOutOfOrder), 1);
  EXPECT_EQ(rec.count(Counter::kMessagesDuplicated), 1);
}

// Signals have their own sequence space: lost and duplicated ones are counted apart from
// messages, and their order does not matter.
TEST(PairAnalysis, SignalsAreCountedApartFromMessages) {
  Recorder rec;
  ChatRecord a = Side("m1", "alice", "bob");
  ChatRecord b = Side("m1", "bob", "alice");
  a.signals.sent = 9;  // an offer and 8 ICE candidates
  for (std::uint32_t seq : {0u, 2u, 1u, 3u, 4u, 5u, 6u, 7u, 7u}) b.NoteSignal(seq, &rec);
  b.signals.sent = 9;  // the answer and its candidates, all received
  for (std::uint32_t seq = 0; seq < 9; ++seq) a.NoteSignal(seq, &rec);
  PairJoin join;
  join.Deposit(a);
  join.Deposit(b);
  join.Finish(&rec);
  EXPECT_EQ(rec.count(Counter::kSignalsLost), 1);
  EXPECT_EQ(rec.count(Counter::kSignalsReceived), 17);
  EXPECT_EQ(rec.count(Counter::kSignalsDuplicated), 1);
  EXPECT_EQ(rec.count(Counter::kMessagesLost), 0);
  EXPECT_EQ(rec.count(Counter::kOutOfOrder), 0);
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
    x.messages.sent = 2;
    y.NoteMessage(0, &rec);  // one of x's two messages lost, in every match
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
  a.messages.sent = 3;
  b.NoteMessage(0, &rec);
  b.NoteMessage(2, &rec);
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
