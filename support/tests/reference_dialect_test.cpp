#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "swarmgate/dialect.h"
#include "swarmgate/profile.h"

namespace swarmgate {
namespace {

rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

TEST(ReferenceDialect, EachUserAsksForItsInterest) {
  Profile profile = ReferenceProfile();
  ASSERT_EQ(profile.values.size(), 1u);
  profile.values[0].second = {"music", "games"};  // what --interests music,games sets
  auto dialect = MakeProfileDialect(profile);
  std::string frame;
  ActionArgs args;
  args.user_index = 3;
  dialect->Encode(Action::kFindMatch, args, &frame);
  EXPECT_EQ(frame, R"({"type":"find_match","interests":["games"]})");
}

TEST(ReferenceDialect, EncodesEachActionAsTheServerExpects) {
  auto dialect = MakeReferenceDialect();
  std::string frame;
  ActionArgs args;
  args.user_name = "user-1";
  dialect->Encode(Action::kIdentify, args, &frame);
  EXPECT_EQ(frame, R"({"type":"set_fingerprint","fingerprint":"user-1"})");
  dialect->Encode(Action::kFindMatch, {}, &frame);
  EXPECT_EQ(frame, R"({"type":"find_match","interests":["swarmgate"]})");
  args.match_id = "m-9";
  dialect->Encode(Action::kAccept, args, &frame);
  EXPECT_EQ(frame, R"({"type":"accept_match","match_id":"m-9"})");
  dialect->Encode(Action::kTyping, {}, &frame);
  EXPECT_EQ(frame, R"({"type":"typing"})");
  dialect->Encode(Action::kLeave, {}, &frame);
  EXPECT_EQ(frame, R"({"type":"end_chat"})");
  args.resume_token = "tok";
  dialect->Encode(Action::kResume, args, &frame);
  EXPECT_EQ(frame, R"({"type":"resume","token":"tok"})");
  dialect->Encode(Action::kPing, {}, &frame);
  EXPECT_EQ(frame, R"({"type":"ping"})");
}

TEST(ReferenceDialect, MessageTextIsEscapedAndRoundTrips) {
  auto dialect = MakeReferenceDialect();
  std::string frame;
  const std::string text = "sg1:1:2:3:\"quoted\" \\ and \n newline";
  ActionArgs args;
  args.text = text;
  dialect->Encode(Action::kMessage, args, &frame);
  auto json = ParseJson(frame);
  EXPECT_EQ(std::string(json["text"].GetString()), text);
  Event event;
  ASSERT_TRUE(dialect->Decode(&frame, &event));
  EXPECT_EQ(event.kind, EventKind::kMessage);
  EXPECT_EQ(event.text, text);
}

TEST(ReferenceDialect, DecodesServerEvents) {
  auto dialect = MakeReferenceDialect();
  struct Case {
    std::string frame;
    EventKind kind;
  };
  const Case cases[] = {
      {R"({"type":"connected","session_id":"s1"})", EventKind::kWelcome},
      {R"({"type":"fingerprint_set"})", EventKind::kIdentified},
      {R"({"type":"queued","position":3})", EventKind::kQueued},
      {R"({"type":"chat_started","match_id":"m"})", EventKind::kChatStarted},
      {R"({"type":"typing"})", EventKind::kTyping},
      {R"({"type":"chat_ended","reason":"left"})", EventKind::kPartnerLeft},
      {R"({"type":"chat_ended","reason":"you_left"})", EventKind::kLeft},
      {R"({"type":"partner_left"})", EventKind::kPartnerLeft},
      {R"({"type":"pong"})", EventKind::kPong},
      {R"({"type":"error","code":"bad_json"})", EventKind::kError},
  };
  for (Case c : cases) {
    Event event;
    EXPECT_TRUE(dialect->Decode(&c.frame, &event)) << c.frame;
    EXPECT_EQ(event.kind, c.kind) << c.frame;
  }
  std::string matched =
      R"({"type":"match_found","match_id":"m7","partner_id":"s2","resume_token":"t"})";
  Event event;
  ASSERT_TRUE(dialect->Decode(&matched, &event));
  EXPECT_EQ(event.match_id, "m7");
  EXPECT_EQ(event.partner_id, "s2");
  EXPECT_EQ(event.resume_token, "t");
}

TEST(ReferenceDialect, SpeaksSignalingAndCallRoles) {
  auto dialect = MakeReferenceDialect();
  std::string frame;
  ActionArgs args;
  args.signal_kind = "offer";
  args.text = "sg1:3:0:10:11:v=0";
  dialect->Encode(Action::kSignal, args, &frame);
  EXPECT_EQ(frame, R"({"type":"signal","kind":"offer","data":"sg1:3:0:10:11:v=0"})");
  Event event;
  ASSERT_TRUE(dialect->Decode(&frame, &event));
  EXPECT_EQ(event.kind, EventKind::kSignal);
  EXPECT_EQ(event.signal_kind, "offer");
  EXPECT_EQ(event.text, "sg1:3:0:10:11:v=0");

  dialect->Encode(Action::kRegisterAgent, {}, &frame);
  EXPECT_EQ(frame, R"({"type":"register_agent"})");
  args.call_id = "c1";
  args.call_decision = "reject";
  dialect->Encode(Action::kRequestCall, args, &frame);
  EXPECT_EQ(frame, R"({"type":"request_call","call_id":"c1"})");
  dialect->Encode(Action::kAnswerCall, args, &frame);
  EXPECT_EQ(frame, R"({"type":"answer_call","call_id":"c1","decision":"reject"})");

  std::string ring = R"({"type":"incoming_call","call_id":"c1","visitor_id":"s9"})";
  ASSERT_TRUE(dialect->Decode(&ring, &event));
  EXPECT_EQ(event.kind, EventKind::kIncomingCall);
  EXPECT_EQ(event.call_id, "c1");
  std::string answered = R"({"type":"call_answered","call_id":"c1","decision":"accept"})";
  ASSERT_TRUE(dialect->Decode(&answered, &event));
  EXPECT_EQ(event.kind, EventKind::kCallAnswered);
  EXPECT_EQ(event.call_decision, "accept");
  for (std::string ended : {std::string(R"({"type":"call_timeout","call_id":"c1"})"),
                            std::string(R"({"type":"call_cancelled","call_id":"c1"})")}) {
    ASSERT_TRUE(dialect->Decode(&ended, &event));
    EXPECT_EQ(event.kind, EventKind::kCallTimeout);
    EXPECT_EQ(event.call_id, "c1");
  }
  std::string registered = R"({"type":"agent_registered"})";
  ASSERT_TRUE(dialect->Decode(&registered, &event));
  EXPECT_EQ(event.kind, EventKind::kTransport);
}

TEST(ReferenceDialect, ResumedCarriesTheHistoryWhenTheServerSendsIt) {
  auto dialect = MakeReferenceDialect();
  // Elements that are not text are left out (a number is read as its digits: it is never a
  // stamped message either).
  std::string with = R"({"type":"resumed","match_id":"m","history":["a","b",{"x":1},"c"]})";
  Event event;
  ASSERT_TRUE(dialect->Decode(&with, &event));
  EXPECT_EQ(event.kind, EventKind::kResumed);
  EXPECT_TRUE(event.has_history);
  EXPECT_EQ(event.history, (std::vector<std::string_view>{"a", "b", "c"}));
  std::string not_a_list = R"({"type":"resumed","match_id":"m","history":"a"})";
  EXPECT_FALSE(dialect->Decode(&not_a_list, &event));
  std::string without = R"({"type":"resumed","match_id":"m"})";
  ASSERT_TRUE(dialect->Decode(&without, &event));
  EXPECT_FALSE(event.has_history);
  EXPECT_TRUE(event.history.empty());
}

TEST(ReferenceDialect, GarbageIsUnknownNotACrash) {
  auto dialect = MakeReferenceDialect();
  for (std::string frame : {std::string("not json"), std::string("[1,2]"), std::string("{}"),
                            std::string(R"({"type":7})"), std::string(R"({"type":"weird"})"),
                            std::string(R"({"type":"match_found"})"), std::string(100000, '{'),
                            std::string("\xff\xfe", 2)}) {
    Event event;
    EXPECT_FALSE(dialect->Decode(&frame, &event));
    EXPECT_EQ(event.kind, EventKind::kUnknown);
    EXPECT_FALSE(event.detail.empty());
  }
}

}  // namespace
}  // namespace swarmgate
