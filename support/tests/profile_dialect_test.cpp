#include <gtest/gtest.h>

#include "shipped_profile.h"
#include "swarmgate/profile.h"

namespace swarmgate {
namespace {

Profile MustParse(const std::string& json) {
  std::vector<std::string> errors;
  auto p = ParseProfile(json, "test", &errors);
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
  a.signal_kind = "offer";
  a.call_id = "sg1:7:0:1:2:";
  a.call_decision = "reject";
  return a;
}

// The shipped profile must put the same bytes on the wire as the built-in reference dialect,
// and read the server's frames the same way.
TEST(ProfileDialect, TheReferenceProfileSpeaksLikeTheBuiltInDialect) {
  const auto from_profile = MakeProfileDialect(ShippedProfile("reference"));
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
        R"({"type":"signal","kind":"ice","data":"candidate:1"})",
        R"({"type":"incoming_call","call_id":"c1","visitor_id":"s3"})",
        R"({"type":"call_answered","call_id":"c1","decision":"accept"})",
        R"({"type":"call_cancelled","call_id":"c1"})", R"({"type":"agent_registered"})",
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
    EXPECT_EQ(a.signal_kind, b.signal_kind);
    EXPECT_EQ(a.call_id, b.call_id);
    EXPECT_EQ(a.call_decision, b.call_decision);
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

// The conditioned event is tried first; the one without conditions takes what is left.
TEST(ProfileDialect, TellsEventsSharingAWireNameApartByTheirFields) {
  std::vector<std::string> errors;
  const auto p = ParseProfile(R"({
    "name": "ended", "transport": "websocket",
    "actions": {"find_match": {"name": "q"}, "message": {"name": "m", "fields": {"t": "{text}"}},
                "typing": {"name": "t"}, "leave": {"name": "bye"}},
    "events": {"matched": {"names": ["matched"]}, "message": {"names": ["m"],
               "capture": {"text": "/t"}}, "typing": {"names": ["t"]},
               "partner_left": {"names": ["ended"]},
               "left": {"names": ["ended"], "when": {"/who": "you"}}}})",
                              "ended.json", &errors);
  ASSERT_TRUE(p) << ::testing::PrintToString(errors);
  const auto dialect = MakeProfileDialect(*p);
  for (auto [frame, kind] : {std::pair{R"({"type":"ended","who":"you"})", EventKind::kLeft},
                             std::pair{R"({"type":"ended","who":"them"})", EventKind::kPartnerLeft},
                             std::pair{R"({"type":"ended"})", EventKind::kPartnerLeft},
                             std::pair{R"({"type":"ended","who":7})", EventKind::kPartnerLeft}}) {
    std::string copy = frame;
    Event event;
    ASSERT_TRUE(dialect->Decode(&copy, &event)) << frame;
    EXPECT_EQ(event.kind, kind) << frame;
  }
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
  EXPECT_TRUE(e.join);  // join the namespace with the auth
  d->Encode(Action::kJoin, Args(), &frame);
  EXPECT_EQ(frame, R"(40/chat,{"token":"abc"})");
  EXPECT_EQ(d->Farewell(), "41/chat,");  // and leave it before closing
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
  frame = R"(42/chat,17["partner_typing"])";  // the server asks for an acknowledgement
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kTyping);
  EXPECT_EQ(e.reply, "43/chat,17[]");
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

// An emit that asks for an acknowledgement carries the action's id; the server's ACK with
// that id is read as the event the profile names, with its captures.
TEST(ProfileDialect, ReadsSocketIoAcknowledgementsAsEvents) {
  const auto d = MakeProfileDialect(MustParse(R"({
    "name": "acks", "transport": "socketio",
    "actions": {"identify": {"name": "set_nickname", "fields": {"nick": "{user.name}"},
                             "ack": {"event": "identified", "capture": {"session.id": "/id"}}},
                "find_match": {"name": "q"}, "message": {"name": "m", "fields": {"t": "{text}"}},
                "typing": {"name": "t"}, "leave": "close"},
    "events": {"matched": {"names": ["paired"]}, "message": {"names": ["m"],
               "capture": {"text": "/t"}}, "typing": {"names": ["t"]},
               "partner_left": {"names": ["gone"]}}
  })"));
  EXPECT_TRUE(d->Announces(EventKind::kIdentified));
  std::string frame;
  d->Encode(Action::kIdentify, Args(), &frame);
  EXPECT_EQ(frame, R"(420["set_nickname",{"nick":"swarmgate-7"}])");
  d->Encode(Action::kFindMatch, Args(), &frame);
  EXPECT_EQ(frame, R"(42["q"])");  // no acknowledgement asked
  Event e;
  frame = R"(430[{"ok":true,"id":"s-42"}])";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kIdentified);
  EXPECT_EQ(e.session_id, "s-42");
  frame = R"(431[{}])";
  EXPECT_FALSE(d->Decode(&frame, &e));
  EXPECT_EQ(e.detail, "an ACK with id \"1\", which no request of this profile asks for");
  frame = R"(430[{"ok":false}])";
  EXPECT_FALSE(d->Decode(&frame, &e));
  EXPECT_EQ(e.detail, "a \"acknowledgement\" without a string or number at /id");
}

const char* const kHttp = R"({
  "name": "relay", "transport": "http", "payload_key": "data",
  "headers": {"Authorization": "Bearer t"},
  "poll": {"path": "/inbox/{session.id}?wait=0", "interval_s": 0.25, "messages": "/items"},
  "actions": {"identify": {"path": "/login", "fields": {"user": "{user.name}"}},
              "find_match": {"method": "PUT", "path": "/queue/{session.id}"},
              "message": {"path": "/rooms/{match.id}/say", "name": "chat.say",
                          "fields": {"text": "{text}"}},
              "typing": {"path": "/rooms/{match.id}/typing"},
              "leave": {"method": "DELETE", "path": "/rooms/{match.id}/members/{session.id}"}},
  "events": {"identified": {"names": ["login.ok"], "capture": {"session.id": "/sid"}},
             "matched": {"names": ["paired"], "capture": {"match.id": "/room",
                                                         "partner.id": "/peer"}},
             "message": {"names": ["chat.say"], "capture": {"text": "/text"}},
             "typing": {"names": ["typing"]}, "partner_left": {"names": ["gone", "ended"]}},
  "ignore": ["stats"]
})";

TEST(ProfileDialect, WritesHttpRequestsWithEncodedPathsAndJsonBodies) {
  const auto d = MakeProfileDialect(MustParse(kHttp));
  EXPECT_TRUE(d->OverHttp());
  EXPECT_DOUBLE_EQ(d->PollIntervalS(), 0.25);
  EXPECT_FALSE(d->Announces(EventKind::kWelcome));
  ActionArgs a = Args();
  a.session_id = "s 1/é";
  a.match_id = "r&1";
  std::string frame;
  d->Encode(Action::kIdentify, a, &frame);
  EXPECT_EQ(frame, "POST /login\n{\"data\":{\"user\":\"swarmgate-7\"}}");
  d->Encode(Action::kFindMatch, a, &frame);
  EXPECT_EQ(frame, "PUT /queue/s%201%2F%C3%A9\n");  // no body
  d->Encode(Action::kMessage, a, &frame);
  EXPECT_EQ(frame,
            "POST /rooms/r%261/say\n{\"type\":\"chat.say\",\"data\":{\"text\":"
            "\"sg1:7:0:1:2:\\\"hi\\\"\\n\"}}");
  d->Encode(Action::kLeave, a, &frame);
  EXPECT_EQ(frame, "DELETE /rooms/r%261/members/s%201%2F%C3%A9\n");
  d->Encode(Action::kPoll, a, &frame);
  EXPECT_EQ(frame, "GET /inbox/s%201%2F%C3%A9?wait=0\n");
}

TEST(ProfileDialect, ReadsHttpAnswersAndPollBatches) {
  const auto d = MakeProfileDialect(MustParse(kHttp));
  Event e;
  std::string body = R"({"type":"login.ok","data":{"sid":"u9"}})";
  ASSERT_TRUE(d->Decode(&body, &e));
  EXPECT_EQ(e.kind, EventKind::kIdentified);
  EXPECT_EQ(e.session_id, "u9");
  body = R"({"ok":true})";  // an answer that only acknowledges the action
  ASSERT_TRUE(d->Decode(&body, &e));
  EXPECT_EQ(e.kind, EventKind::kTransport);
  body = "OK";
  EXPECT_FALSE(d->Decode(&body, &e));

  std::vector<std::string> batch;
  std::string error;
  body = R"({"items":[{"type":"paired","data":{"room":"r1","peer":"u3"}},)"
         R"({"type":"stats","data":{"online":12}},{"type":"ended"}],"next":7})";
  ASSERT_TRUE(d->Unbatch(&body, &batch, &error)) << error;
  ASSERT_EQ(batch.size(), 3u);
  ASSERT_TRUE(d->Decode(&batch[0], &e));
  EXPECT_EQ(e.kind, EventKind::kMatched);
  EXPECT_EQ(e.match_id, "r1");
  EXPECT_EQ(e.partner_id, "u3");
  ASSERT_TRUE(d->Decode(&batch[1], &e));
  EXPECT_EQ(e.kind, EventKind::kTransport);  // ignored broadcast
  ASSERT_TRUE(d->Decode(&batch[2], &e));
  EXPECT_EQ(e.kind, EventKind::kPartnerLeft);
  body = R"({"items":[]})";
  ASSERT_TRUE(d->Unbatch(&body, &batch, &error));
  EXPECT_TRUE(batch.empty());
  body = R"({"messages":[]})";
  EXPECT_FALSE(d->Unbatch(&body, &batch, &error));
  EXPECT_EQ(error, "a poll answer without an array at /items");
  body = R"({"items":[{"kind":"x"}]})";
  EXPECT_FALSE(d->Unbatch(&body, &batch, &error));
  EXPECT_EQ(error, "a polled message without a \"type\" field");
  body = "<html>";
  EXPECT_FALSE(d->Unbatch(&body, &batch, &error));
}

// 200,000 '[' overflowed the stack of RapidJSON's recursive parser; now each transport counts
// such a frame as a protocol error with its reason.
TEST(ProfileDialect, DeeplyNestedServerDataIsUnknownNotACrash) {
  const std::string deep = std::string(200000, '[');
  const std::string why = "JSON nested deeper than 64 levels";
  Event e;
  std::string frame = deep;
  EXPECT_FALSE(MakeProfileDialect(ShippedProfile("reference"))->Decode(&frame, &e));
  EXPECT_EQ(e.detail, why);
  frame = R"({"type":"message","text":)" + deep;
  EXPECT_FALSE(MakeProfileDialect(ShippedProfile("reference"))->Decode(&frame, &e));
  EXPECT_EQ(e.detail, why);
  frame = "42/chat," + deep;
  EXPECT_FALSE(MakeProfileDialect(MustParse(kSocketIo))->Decode(&frame, &e));
  EXPECT_EQ(e.detail, why);
  std::vector<std::string> batch;
  std::string error;
  frame = R"({"items":)" + deep;
  EXPECT_FALSE(MakeProfileDialect(MustParse(kHttp))->Unbatch(&frame, &batch, &error));
  EXPECT_EQ(error, "a poll answer " + why);
  // 64 levels are read as usual.
  frame = R"({"type":"message","text":"x","extra":)" + std::string(63, '[') + std::string(63, ']') +
          "}";
  ASSERT_TRUE(MakeProfileDialect(ShippedProfile("reference"))->Decode(&frame, &e)) << e.detail;
  EXPECT_EQ(e.kind, EventKind::kMessage);
}

}  // namespace
}  // namespace swarmgate
