#include "swarmgate/profile.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

std::vector<std::string> ErrorsOf(const std::string& json) {
  std::vector<std::string> errors;
  EXPECT_FALSE(ParseProfile(json, "p.json", &errors)) << json;
  return errors;
}

TEST(Profile, TheShippedReferenceProfileIsValid) {
  std::vector<std::string> errors;
  const auto p = LoadProfile(SWARMGATE_PROFILES_DIR "/reference.json", &errors);
  ASSERT_TRUE(p) << ::testing::PrintToString(errors);
  EXPECT_EQ(p->transport, Transport::kWebSocket);
  EXPECT_EQ(p->path, "/ws");
  EXPECT_EQ(p->action(Action::kAccept)->wire_name, "accept_match");
  EXPECT_EQ(p->action(Action::kAccept)->fields_json, R"({"match_id":"{match.id}"})");
  EXPECT_EQ(p->event(EventKind::kPartnerLeft)[0].wire_names,
            (std::vector<std::string>{"partner_left", "chat_ended"}));
  // chat_ended means "left" to the user who ended the chat, "partner_left" to the other.
  ASSERT_EQ(p->event(EventKind::kLeft).size(), 1u);
  EXPECT_EQ(p->event(EventKind::kLeft)[0].wire_names, std::vector<std::string>{"chat_ended"});
  EXPECT_EQ(p->event(EventKind::kLeft)[0].when,
            (std::vector<std::pair<std::string, std::string>>{{"/reason", "you_left"}}));
}

TEST(Profile, NotJsonIsOneErrorNamingTheFile) {
  EXPECT_EQ(ErrorsOf("{\"name\": \"x\",,}"),
            std::vector<std::string>{"p.json: /: not JSON: Missing a name for object member at "
                                     "line 1, column 14 (byte 13)"});
  EXPECT_EQ(ErrorsOf("{\"name\":\n  [1,\n   2 3]}"),
            std::vector<std::string>{"p.json: /: not JSON: Missing a comma or ']' after an array "
                                     "element at line 3, column 6 (byte 20)"});
}

// Nesting is refused before the parser (which recurses once per level) sees it.
TEST(Profile, DeepNestingIsOneErrorWithItsPosition) {
  EXPECT_EQ(ErrorsOf(std::string(1000000, '[')),
            std::vector<std::string>{"p.json: /: nested deeper than 64 levels at line 1, column 65 "
                                     "(byte 64)"});
  std::string fields;
  for (int i = 0; i < 100000; ++i) fields += "{\"a\":";
  fields += "1" + std::string(100000, '}');
  const auto errors = ErrorsOf(R"({"name": "deep", "transport": "websocket", "actions": {)"
                               R"("identify": {"name": "id", "fields": )" +
                               fields + "}}}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("p.json: /: nested deeper than 64 levels at line 1, column ", 0), 0u)
      << errors[0];
}

const char* kMinimal = R"({
  "name": "min", "transport": "websocket",
  "actions": {"find_match": {"name": "q"}, "message": {"name": "m", "fields": {"t": "{text}"}},
              "typing": {"name": "t"}, "leave": "close"},
  "events": {"matched": {"names": ["matched"]}, "message": {"names": ["msg"],
             "capture": {"text": "/t"}}, "typing": {"names": ["typ"]},
             "partner_left": {"names": ["left"]}}
})";

TEST(Profile, AMinimalProfileNeedsOnlyTheFlowsVerbs) {
  std::vector<std::string> errors;
  const auto p = ParseProfile(kMinimal, "min.json", &errors);
  ASSERT_TRUE(p) << ::testing::PrintToString(errors);
  EXPECT_TRUE(p->leave_by_closing);
  EXPECT_FALSE(p->action(Action::kAccept));  // no accept step
  EXPECT_FALSE(p->action(Action::kIdentify));
}

TEST(Profile, ReportsEveryProblemWithItsPointer) {
  const std::vector<std::string> errors = ErrorsOf(R"({
    "name": "broken", "transport": "carrier-pigeon", "typo_field": "type",
    "actions": {"find_match": {"name": "q", "fields": {"room": "{match.id}"}},
                "message": {"name": "m", "fields": {"t": "{txt}"}}, "leave": 3,
                "accept": {"name": "a", "fields": {"id": "{match.id}"}}},
    "events": {"matched": {"names": []}, "message": {"names": ["m"], "capture": {"text": "t"}},
               "typing": {"names": ["m"]}, "partner_left": {"names": ["gone"],
               "capture": {"match.id": "/x"}}}
  })");
  const std::vector<std::string> expected = {
      R"(p.json: /typo_field: unknown key (expected one of: name, transport, matchmaking, path, headers, per_user, type_field, payload_key, namespace, auth, actions, events, ignore, heartbeat, poll))",
      R"(p.json: /transport: unknown transport "carrier-pigeon" (expected websocket, socketio or http))",
      R"(p.json: /actions/leave: expected {"name": ..., "fields": {...}}, "close" or null)",
      "p.json: /events/matched/names: expected a non-empty array of wire names",
      R"(p.json: /events/message/capture/text: expected a JSON Pointer such as "/match_id" ("" for the whole argument))",
      R"(p.json: /events/typing/names/0: "m" is already mapped at /events/message/names/0 (add "when" to tell the two apart))",
      "p.json: /actions/find_match/fields/room: the flow cannot fill {match.id} in find_match",
      "p.json: /actions/message/fields/t: the flow cannot fill {txt} in message",
      R"(p.json: /events/message/capture: brings no "text": the message text, where the stamp travels)",
  };
  EXPECT_EQ(errors, expected);
}

// Signaling and call roles are optional verbs with placeholders of their own.
TEST(Profile, SignalAndCallVerbsTakeTheirOwnPlaceholders) {
  std::string json = kMinimal;
  json.replace(json.find(R"("leave": "close")"), 16,
               R"("leave": "close",
      "signal": {"name": "sig", "fields": {"k": "{signal.kind}", "d": "{signal.data}"}},
      "answer_call": {"name": "ans", "fields": {"id": "{call.id}", "ok": "{call.decision}"}})");
  std::vector<std::string> errors;
  const auto p = ParseProfile(json, "calls.json", &errors);
  ASSERT_TRUE(p) << ::testing::PrintToString(errors);
  EXPECT_TRUE(p->action(Action::kSignal));
  EXPECT_FALSE(p->action(Action::kRequestCall));

  json.insert(json.find(R"("answer_call")"),
              R"("request_call": {"name": "rc", "fields": {"d": "{call.decision}"}}, )");
  json.replace(json.find(R"("typing": {"names": ["typ"]})"), 28,
               R"("typing": {"names": ["typ"]}, "incoming_call": {"names": ["ring"],
                  "capture": {"text": "/t"}})");
  const std::vector<std::string> expected = {
      R"(p.json: /events/incoming_call/capture/text: this event cannot capture "text" (it captures call.id, match.id, partner.id, resume.token, session.id))",
      "p.json: /actions/request_call/fields/d: the flow cannot fill {call.decision} in "
      "request_call",
      R"(p.json: /events/incoming_call/capture: brings no "call.id": the call id the agent answers)",
  };
  EXPECT_EQ(ErrorsOf(json), expected);
}

// One wire name may stand for several events, told apart by fields ("when"); at most one of
// them without conditions.
TEST(Profile, EventsSharingAWireNameAreToldApartByConditions) {
  std::string json = kMinimal;
  json.replace(json.find(R"("partner_left": {"names": ["left"]})"), 35,
               R"("partner_left": {"names": ["ended"]},
                  "left": {"names": ["ended"], "when": {"/by": "you", "/x~1y": "1"}})");
  std::vector<std::string> errors;
  const auto p = ParseProfile(json, "p.json", &errors);
  ASSERT_TRUE(p) << ::testing::PrintToString(errors);
  EXPECT_EQ(p->event(EventKind::kLeft)[0].when,
            (std::vector<std::pair<std::string, std::string>>{{"/by", "you"}, {"/x~1y", "1"}}));

  std::string twice = kMinimal;
  twice.replace(twice.find(R"("partner_left": {"names": ["left"]})"), 35,
                R"("partner_left": {"names": ["ended"]}, "left": {"names": ["ended"]},
                   "pong": {"names": ["ended"], "when": {"by": 1, "/z": 2}})");
  const std::vector<std::string> expected = {
      R"(p.json: /events/pong/when/by: expected a JSON Pointer such as "/reason" as the key)",
      R"(p.json: /events/pong/when/~1z: expected the text the field must hold ("true" for true))",
      R"(p.json: /events/left/names/0: "ended" is already mapped at /events/partner_left/names/0 (add "when" to tell the two apart))",
      R"(p.json: /events/pong/names/0: "ended" is already mapped at /events/partner_left/names/0 (add "when" to tell the two apart))",
  };
  EXPECT_EQ(ErrorsOf(twice), expected);
}

TEST(Profile, AStampSentInItsOwnFieldMustAlsoBeCaptured) {
  std::string json = kMinimal;
  const std::string text_field = R"("fields": {"t": "{text}"})";
  json.replace(json.find(text_field), text_field.size(),
               R"("fields": {"t": "{text}", "s": "{stamp}"})");
  EXPECT_EQ(ErrorsOf(json),
            std::vector<std::string>{"p.json: /events/message/capture: {stamp} is sent in a field "
                                     "of its own but never captured (add \"stamp\")"});
}

TEST(Profile, TheShippedHttpRelayProfileIsValid) {
  std::vector<std::string> errors;
  const auto p = LoadProfile(SWARMGATE_PROFILES_DIR "/http-relay-chat.json", &errors);
  ASSERT_TRUE(p) << ::testing::PrintToString(errors);
  EXPECT_EQ(p->transport, Transport::kHttp);
  EXPECT_EQ(p->action(Action::kPoll)->method, "GET");
  EXPECT_EQ(p->action(Action::kMessage)->method, "POST");  // the default
  EXPECT_DOUBLE_EQ(p->poll_interval_s, 0.05);
}

TEST(Profile, HttpProfilesNeedAPollAndPathsAndNoWelcome) {
  const std::vector<std::string> errors = ErrorsOf(R"({
    "name": "h", "transport": "http", "path": "/api",
    "actions": {"find_match": {"method": "GET", "path": "/q", "fields": {"a": 1}},
                "message": {"path": "rooms/{match.id}", "fields": {"t": "{text}"}},
                "typing": {"method": "BREW", "path": "/t"}, "leave": {"name": "bye"}},
    "events": {"welcome": {"names": ["hello"], "capture": {"session.id": "/id"}},
               "matched": {"names": ["m"], "capture": {"match.id": "/r"}},
               "message": {"names": ["msg"]}, "typing": {"names": ["t"]},
               "partner_left": {"names": ["gone"]}}
  })");
  const std::vector<std::string> expected = {
      "p.json: /path: not used by http (each action has its own path)",
      "p.json: /actions/find_match: a GET request has no body (put values in the path)",
      "p.json: /actions/message/path: expected a path starting with /",
      "p.json: /actions/typing/method: expected GET, POST, PUT, PATCH or DELETE",
      "p.json: /actions/leave/path: missing (expected a string)",
      "p.json: /poll: missing (http needs a poll request to receive messages)",
      "p.json: /events/welcome: http servers say nothing before the first request (capture "
      "session.id in /events/identified)",
      R"(p.json: /events/message/capture: brings no "text": the message text, where the stamp travels)",
  };
  EXPECT_EQ(errors, expected);
  EXPECT_EQ(ErrorsOf(R"({"name": "w", "transport": "websocket",
    "poll": {"path": "/p", "interval_s": 1},
    "actions": {"find_match": {"name": "q"}, "message": {"name": "m"}, "typing": {"name": "t"},
                "leave": "close"},
    "events": {"matched": {"names": ["m2"]}, "message": {"names": ["m"], "capture": {"text": "/t"}},
               "typing": {"names": ["t"]}, "partner_left": {"names": ["g"]}}})"),
            std::vector<std::string>{"p.json: /poll: only the http transport polls"});
}

}  // namespace
}  // namespace swarmgate
