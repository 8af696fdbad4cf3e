#include <gtest/gtest.h>

#include "swarmgate/profile.h"

namespace swarmgate {
namespace {

Profile MustParse(const std::string& json) {
  std::vector<std::string> errors;
  auto p = ParseProfile(json, "test", &errors);
  EXPECT_TRUE(p) << ::testing::PrintToString(errors);
  return p.value_or(Profile{});
}

Profile ShippedReference() {
  std::vector<std::string> errors;
  auto p = LoadProfile(SWARMGATE_PROFILES_DIR "/reference.json", &errors);
  EXPECT_TRUE(p) << ::testing::PrintToString(errors);
  return p.value_or(Profile{});
}

ActionArgs Args() {
  ActionArgs a;
  a.user_name = "swarmgate-7";
  a.user_index = 7;
  a.session_id = "s1";
  a.match_id = "m-9";
  a.partner_id = "s2";
  a.resume_token = "tok";
  a.text = "sg1:7:0:1:2:\"hi\"\n";
  return a;
}

// The shipped profile must put the same bytes on the wire as the built-in reference dialect,
// and read the server's frames the same way.
TEST(ProfileDialect, TheReferenceProfileSpeaksLikeTheBuiltInDialect) {
  const auto from_profile = MakeProfileDialect(ShippedReference());
  const auto built_in = MakeReferenceDialect();
  for (std::size_t i = 0; i < kActionCount; ++i) {
    std::string a, b;
    from_profile->Encode(static_cast<Action>(i), Args(), &a);
    built_in->Encode(static_cast<Action>(i), Args(), &b);
    EXPECT_EQ(a, b) << "action " << i;
  }
  for (std::string frame :
       {R"({"type":"connected","session_id":"s1"})", R"({"type":"fingerprint_set"})",
        R"({"type":"match_found","match_id":"m","partner_id":"p","resume_token":"t"})",
        R"({"type":"chat_started","match_id":"m"})", R"({"type":"message","text":"x"})",
        R"({"type":"typing"})", R"({"type":"partner_left"})", R"({"type":"chat_ended"})",
        R"({"type":"error","code":"bad"})"}) {
    std::string copy = frame;
    Event a, b;
    from_profile->Decode(&frame, &a);
    built_in->Decode(&copy, &b);
    EXPECT_EQ(a.kind, b.kind) << frame;
    EXPECT_EQ(a.session_id, b.session_id);
    EXPECT_EQ(a.match_id, b.match_id);
    EXPECT_EQ(a.partner_id, b.partner_id);
    EXPECT_EQ(a.resume_token, b.resume_token);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.detail, b.detail);
  }
}

// The shipped profile for servers that name messages "event" and nest the rest under "data".
TEST(ProfileDialect, TheShippedNestedProfileReadsAndWritesItsWire) {
  std::vector<std::string> errors;
  const auto p = LoadProfile(SWARMGATE_PROFILES_DIR "/nested-event-data.json", &errors);
  ASSERT_TRUE(p) << ::testing::PrintToString(errors);
  EXPECT_EQ(p->path, "/chat");
  EXPECT_EQ(p->headers,
            (std::vector<std::pair<std::string, std::string>>{{"Origin", "http://localhost"}}));
  EXPECT_EQ(p->heartbeat_interval_s, 20);
  const auto d = MakeProfileDialect(*p);
  EXPECT_FALSE(d->Has(Action::kAccept));
  EXPECT_EQ(d->HeartbeatIntervalS(), 20);
  std::string frame;
  d->Encode(Action::kTyping, Args(), &frame);
  EXPECT_EQ(frame, R"({"event":"chat.typing","data":{"room":"m-9"}})");
  d->Encode(Action::kIdentify, Args(), &frame);
  EXPECT_EQ(frame, R"({"event":"user.hello","data":{"nick":"swarmgate-7"}})");

  Event e;
  frame = R"({"event":"sys.welcome","data":{"user":{"id":"u-1"}}})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kWelcome);
  EXPECT_EQ(e.session_id, "u-1");
  frame = R"({"event":"queue/matched","data":{"room":"r-5","peer":{"id":"u-2"}}})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.match_id, "r-5");
  EXPECT_EQ(e.partner_id, "u-2");
  frame = R"({"event":"presence/online","data":{"n":3}})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kTransport);
  frame = R"({"event":"sys.error","data":{"reason":"rate limited"}})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kError);
  EXPECT_EQ(e.detail, "rate limited");
}

const char* kNested = R"({
  "name": "nested", "transport": "websocket", "type_field": "event", "payload_key": "data",
  "actions": {"find_match": {"name": "queue/join", "fields": {"who": "user-{user.index}"}},
              "message": {"name": "chat.send", "fields": {"body": "{text}", "room": "{match.id}"}},
              "typing": {"name": "chat.typing"}, "leave": "close"},
  "events": {"matched": {"names": ["queue/matched"],
                         "capture": {"match.id": "/room/id", "partner.id": "/peer"}},
             "message": {"names": ["chat.message"], "capture": {"text": "/body"}},
             "typing": {"names": ["chat.typing"]},
             "partner_left": {"names": ["chat.left", "peer.gone"]}},
  "ignore": ["stats"]
})";

TEST(ProfileDialect, NestsPayloadsAndCapturesByPointer) {
  const auto d = MakeProfileDialect(MustParse(kNested));
  std::string frame;
  d->Encode(Action::kFindMatch, Args(), &frame);
  EXPECT_EQ(frame, R"({"event":"queue/join","data":{"who":"user-7"}})");
  d->Encode(Action::kMessage, Args(), &frame);
  EXPECT_EQ(frame, R"({"event":"chat.send","data":{"body":"sg1:7:0:1:2:\"hi\"\n","room":"m-9"}})");
  EXPECT_FALSE(d->Has(Action::kAccept));
  EXPECT_TRUE(d->LeavesByClosing());
  EXPECT_FALSE(d->Announces(EventKind::kChatStarted));

  Event e;
  frame = R"({"event":"queue/matched","data":{"room":{"id":42},"peer":"u2"}})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kMatched);
  EXPECT_EQ(e.match_id, "42");  // numbers are captured as their text
  EXPECT_EQ(e.partner_id, "u2");
  frame = R"({"event":"peer.gone"})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kPartnerLeft);
  frame = R"({"event":"stats","data":{"online":10}})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kTransport);
  EXPECT_TRUE(e.reply.empty());
}

TEST(ProfileDialect, AFrameTheProfileDoesNotDescribeIsUnknownWithAReason) {
  const auto d = MakeProfileDialect(MustParse(kNested));
  Event e;
  for (const auto& [frame, why] : std::vector<std::pair<std::string, std::string>>{
           {"not json", "not a JSON object"},
           {R"({"type":"x"})", "no \"event\" field"},
           {R"({"event":"surprise"})", "no verb has the wire name \"surprise\""},
           {R"({"event":"queue/matched","data":{"peer":"u2"}})",
            "a \"queue/matched\" without a string or number at /room/id"}}) {
    std::string f = frame;
    EXPECT_FALSE(d->Decode(&f, &e)) << frame;
    EXPECT_EQ(e.kind, EventKind::kUnknown);
    EXPECT_EQ(e.detail, why);
  }
}

const char* kSocketIo = R"({
  "name": "sio", "transport": "socketio", "namespace": "/chat", "auth": {"token": "abc"},
  "actions": {"find_match": {"name": "join_text_queue"},
              "message": {"name": "send_text_message", "fields": {"text": "{text}"}},
              "typing": {"name": "typing"}, "leave": {"name": "leave_text_room"}},
  "events": {"matched": {"names": ["text_match_found"],
                         "capture": {"match.id": "/roomId", "partner.id": "/partnerId"}},
             "message": {"names": ["text_message"], "capture": {"text": "/text"}},
             "typing": {"names": ["partner_typing"]},
             "partner_left": {"names": ["partner_left"]}}
})";

TEST(ProfileDialect, SpeaksSocketIoV4OverEngineIo) {
  const auto d = MakeProfileDialect(MustParse(kSocketIo));
  std::string frame;
  d->Encode(Action::kFindMatch, Args(), &frame);
  EXPECT_EQ(frame, R"(42/chat,["join_text_queue"])");
  d->Encode(Action::kMessage, Args(), &frame);
  EXPECT_EQ(frame, R"(42/chat,["send_text_message",{"text":"sg1:7:0:1:2:\"hi\"\n"}])");

  Event e;
  frame = R"(0{"sid":"eio1","upgrades":[],"pingInterval":25000,"pingTimeout":20000})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kTransport);
  EXPECT_EQ(e.reply, R"(40/chat,{"token":"abc"})");  // join the namespace with the auth
  frame = "2";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.reply, "3");  // answer the server's ping
  frame = R"(40/chat,{"sid":"abc123"})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kWelcome);
  EXPECT_EQ(e.session_id, "abc123");
  frame = R"(42/chat,["text_match_found",{"roomId":"r1","partnerId":"p2"}])";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kMatched);
  EXPECT_EQ(e.match_id, "r1");
  EXPECT_EQ(e.partner_id, "p2");
  frame = R"(42/chat,17["partner_typing"])";  // with an ack id
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kTyping);
  frame = R"(44/chat,{"message":"not authorized"})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kError);
  frame = R"(451-["file",{"_placeholder":true,"num":0}])";
  EXPECT_FALSE(d->Decode(&frame, &e));
  frame = "42/chat,{}";
  EXPECT_FALSE(d->Decode(&frame, &e));
  EXPECT_EQ(e.detail, "an EVENT packet without [\"name\", ...]");
}

// For servers that relay only some fields: the stamp goes in a field of its own.
TEST(ProfileDialect, CarriesTheStampInAFieldOfItsOwn) {
  const auto d = MakeProfileDialect(MustParse(R"({
    "name": "stamp-field", "transport": "websocket",
    "actions": {"find_match": {"name": "q"},
                "message": {"name": "say", "fields": {"body": "{text}", "meta": {"sg": "{stamp}"}}},
                "typing": {"name": "t"}, "leave": "close"},
    "events": {"matched": {"names": ["paired"]},
               "message": {"names": ["said"], "capture": {"text": "/body", "stamp": "/meta/sg"}},
               "typing": {"names": ["t"]}, "partner_left": {"names": ["gone"]}}
  })"));
  EXPECT_TRUE(d->StampInOwnField());
  ActionArgs a = Args();
  a.stamp = "sg1:7:0:1:2:";
  a.text = "xxxx";
  std::string frame;
  d->Encode(Action::kMessage, a, &frame);
  EXPECT_EQ(frame, R"({"type":"say","body":"xxxx","meta":{"sg":"sg1:7:0:1:2:"}})");
  Event e;
  frame = R"({"type":"said","body":"xxxx","meta":{"sg":"sg1:7:0:1:2:"}})";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.stamp, "sg1:7:0:1:2:");
  EXPECT_EQ(e.text, "xxxx");
  EXPECT_FALSE(MakeProfileDialect(MustParse(kNested))->StampInOwnField());
}

}  // namespace
}  // namespace swarmgate
