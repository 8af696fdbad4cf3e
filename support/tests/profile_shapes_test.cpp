// Profiles of server shapes beyond the reference server's: per-user values and connection
// placeholders, wire forms that depend on a value, several wire forms of one event with
// constants, bare arguments, actions waiting for values, histories of objects, conditions
// on non-string fields, and the validation of each.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "shipped_profile.h"
#include "swarmgate/profile.h"

namespace swarmgate {
namespace {

std::vector<std::string> ErrorsOf(const std::string& json) {
  std::vector<std::string> errors;
  EXPECT_FALSE(ParseProfile(json, "p.json", &errors)) << json;
  return errors;
}

ActionArgs User(int index, int partner) {
  ActionArgs a;
  a.user_index = index;
  a.user_name = index == 4 ? "swarmgate-abc-4" : "swarmgate-abc-5";
  a.partner_index = partner;
  a.partner_name = partner == 5 ? "swarmgate-abc-5" : "swarmgate-abc-4";
  return a;
}

TEST(ProfileShapes, ASignalingRelayAddressesPeersByTheIdsInTheirUrls) {
  const Profile p = ShippedProfile("ws-signaling-relay");
  EXPECT_EQ(p.matchmaking, Matchmaking::kSwarm);
  const auto d = MakeProfileDialect(p);
  std::string resource, headers;
  ASSERT_TRUE(d->EncodeConnection(User(4, 5), &resource, &headers));
  EXPECT_EQ(resource, "/signal?id=swarmgate-abc-4&token=tok-4");
  // One wire form per signal kind.
  ActionArgs offer = User(4, 5);
  offer.signal_kind = "offer";
  offer.text = "sdp \"1\"";
  std::string frame;
  d->Encode(Action::kSignal, offer, &frame);
  EXPECT_EQ(frame, R"({"type":"OFFER","to":"swarmgate-abc-5","sdp":"sdp \"1\""})");
  offer.signal_kind = "ice";
  d->Encode(Action::kSignal, offer, &frame);
  EXPECT_EQ(frame, R"({"type":"CANDIDATE","to":"swarmgate-abc-5","candidate":"sdp \"1\""})");
  // ... and the kind read back from the wire name.
  for (auto [wire, kind, data] :
       {std::tuple{R"({"type":"ANSWER","from":"x","sdp":"a1"})", "answer", "a1"},
        std::tuple{R"({"type":"CANDIDATE","from":"x","candidate":"c1"})", "ice", "c1"}}) {
    std::string copy = wire;
    Event e;
    ASSERT_TRUE(d->Decode(&copy, &e)) << wire;
    EXPECT_EQ(e.kind, EventKind::kSignal);
    EXPECT_EQ(e.signal_kind, kind);
    EXPECT_EQ(e.text, data);
  }
  // The partner is known only once the swarm paired the user.
  ActionArgs unpaired = User(4, -1);
  unpaired.signal_kind = "offer";
  EXPECT_EQ(d->MissingValue(Action::kSignal, unpaired), "partner.name");
  EXPECT_EQ(d->MissingValue(Action::kSignal, offer), "");
}

TEST(ProfileShapes, PerUserValuesCycleByIndex) {
  const auto d = MakeProfileDialect(ShippedProfile("ws-gender-match"));
  std::string frame;
  d->Encode(Action::kFindMatch, User(4, -1), &frame);
  EXPECT_EQ(frame, R"({"type":"join","username":"swarmgate-abc-4","gender":"male"})");
  d->Encode(Action::kFindMatch, User(5, -1), &frame);
  EXPECT_EQ(frame, R"({"type":"join","username":"swarmgate-abc-5","gender":"female"})");
  // Neither the path nor the headers depend on the user: the client's own are used.
  std::string resource, headers;
  EXPECT_FALSE(d->EncodeConnection(User(4, -1), &resource, &headers));
}

TEST(ProfileShapes, ARoomIdSentApartIsABareArgumentAndMessagesWaitForIt) {
  const auto d = MakeProfileDialect(ShippedProfile("socketio-queue-chat"));
  EXPECT_EQ(d->matchmaking(), Matchmaking::kImplicit);
  std::string frame = R"(42["receiveID","_ab12"])";
  Event e;
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kValues);
  EXPECT_EQ(e.match_id, "_ab12");
  frame = R"(42["online",17])";
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_EQ(e.kind, EventKind::kTransport);  // ignored
  ActionArgs message;
  message.text = "hello";
  EXPECT_EQ(d->MissingValue(Action::kMessage, message), "match.id");
  message.match_id = "_ab12";
  EXPECT_EQ(d->MissingValue(Action::kMessage, message), "");
  d->Encode(Action::kMessage, message, &frame);
  EXPECT_EQ(frame, R"(42["send_message",{"roomId":"_ab12","text":"hello"}])");
  EXPECT_EQ(d->Farewell(), "41");  // sent before closing: leaving is closing here
}

TEST(ProfileShapes, HistoriesOfTextsOrObjectsAndWhatCannotBeRead) {
  const auto d = MakeReferenceDialect();
  std::string frame =
      R"({"type":"resumed","match_id":"m","history":["a",{"from":"s1","text":"b"},7,{"x":1}]})";
  Event e;
  ASSERT_TRUE(d->Decode(&frame, &e));
  EXPECT_TRUE(e.has_history);
  // Numbers are read as their digits (never a stamp); an object without text is said.
  EXPECT_EQ(e.history, (std::vector<std::string_view>{"a", "b", "7"}));
  EXPECT_EQ(e.history_error, "history element 3 holds no text at /text");
}

TEST(ProfileShapes, ConditionsCompareBooleansAsTheirText) {
  std::vector<std::string> errors;
  const auto p = ParseProfile(R"({"name": "echo", "transport": "websocket",
    "actions": {"find_match": {"name": "q"}, "message": {"name": "chat", "fields": {"t": "{text}"}}},
    "events": {"matched": {"names": ["paired"]},
               "message": {"names": ["chat"], "capture": {"text": "/t"}},
               "values": {"names": ["chat"], "when": {"/fromMe": "true"}}}})",
                              "echo.json", &errors);
  ASSERT_TRUE(p) << ::testing::PrintToString(errors);
  const auto d = MakeProfileDialect(*p);
  for (auto [wire, kind] :
       {std::pair{R"({"type":"chat","t":"x","fromMe":true})", EventKind::kValues},
        std::pair{R"({"type":"chat","t":"x","fromMe":false})", EventKind::kMessage}}) {
    std::string copy = wire;
    Event e;
    ASSERT_TRUE(d->Decode(&copy, &e));
    EXPECT_EQ(e.kind, kind) << wire;
  }
}

// Three broken profiles of these shapes, every problem named with its pointer.
TEST(ProfileShapes, ValidationNamesEveryMistakeOfTheNewKinds) {
  EXPECT_EQ(
      ErrorsOf(R"({"name": "q", "transport": "socketio", "matchmaking": "implicit",
    "path": "/socket.io/?EIO=4&transport=websocket&sid={session.id}",
    "actions": {"find_match": {"name": "join"},
                "message": {"name": "m", "fields": {"room": "{match.id}", "t": "{text}",
                                                    "to": "{partner.name}"}}},
    "events": {"message": {"names": ["m"]}}})"),
      (std::vector<std::string>{
          R"(p.json: /actions/find_match: not sent in implicit matchmaking)",
          R"(p.json: /events/matched: missing: implicit matchmaking waits for it)",
          R"(p.json: /actions/message/fields/room: {match.id} is never captured (add it to the capture of the event that brings it, e.g. /events/matched/capture))",
          R"(p.json: /actions/message/fields/to: {partner.name} is known only when the swarm pairs users ("matchmaking": "swarm"); name the partner with {partner.id}, captured from the server)",
          R"(p.json: /path: {session.id} is not known before connecting (the path, headers and auth may use {user.index}, {user.name} and {user.<value>}))",
          R"(p.json: /events/message/capture: brings no "text": the message text, where the stamp travels)",
      }));
  EXPECT_EQ(
      ErrorsOf(R"({"name": "r", "transport": "websocket", "matchmaking": "swarm",
    "per_user": {"gender": ["m", 2], "index": ["x"]},
    "headers": {"X-User": "{user.age}"},
    "actions": {"signal": {"variants": {"offer": {"name": "O"}, "ice": {"name": "C"}, "hello": {}}}},
    "events": {"matched": {"names": ["m"]},
               "signal": [{"names": ["O"], "set": {"signal.kind": "bid"}, "capture": {"signal.data": "/d"}},
                          {"names": ["C"], "capture": {"signal.data": "d"}}]}})"),
      (std::vector<std::string>{
          R"(p.json: /per_user/gender: expected a non-empty array of strings (user i takes element i % n))",
          R"(p.json: /per_user/index: a value's name is lower-case letters, digits and _ (not index or name))",
          R"(p.json: /actions/signal/variants/hello: unknown key (expected one of: offer, answer, ice))",
          R"(p.json: /actions/signal/variants/answer: missing (every one of offer, answer, ice needs its wire form))",
          R"(p.json: /events/signal/0/set/signal.kind: expected offer, answer or ice)",
          R"(p.json: /events/signal/1/capture/signal.data: expected a JSON Pointer such as "/match_id" ("" for the whole argument))",
          R"(p.json: /events/matched: the server has no matchmaking in swarm matchmaking (the swarm pairs users))",
          R"(p.json: /headers/X-User: {user.age} names no value (declare "age" in /per_user))",
          R"(p.json: /events/signal/1/capture: brings no "signal.data": the signal's data, where its stamp travels)",
          R"(p.json: /events/signal/0/capture: brings no "signal.kind": whether it is an offer, an answer or an ice candidate (capture it, or "set" it per wire name))",
          R"(p.json: /events/signal/1/capture: brings no "signal.kind": whether it is an offer, an answer or an ice candidate (capture it, or "set" it per wire name))",
      }));
  EXPECT_EQ(
      ErrorsOf(R"({"name": "h", "transport": "websocket",
    "actions": {"find_match": {"name": "q"}, "resume": {"name": "r", "fields": {"t": "{resume.token}"}}},
    "events": {"matched": {"names": ["m"], "capture": {"resume.token": "/token"}},
               "resumed": {"names": ["back"], "capture": {"history.text": "/text", "detail": "/x"}}}})"),
      (std::vector<std::string>{
          R"(p.json: /events/resumed/capture/detail: this event cannot capture "detail" (it captures history, history.text, match.id, partner.id, resume.token, session.id))",
          R"(p.json: /events/resumed/capture/history.text: the text inside each element of "history", which is missing)",
      }));
}

// A variant that is not an object is one problem, and the checks after reading skip it (the
// libFuzzer profile target found them reading it as an object).
TEST(ProfileShapes, AVariantThatIsNotAnObjectIsOneProblem) {
  EXPECT_EQ(
      ErrorsOf(R"({"name": "v", "transport": "websocket", "matchmaking": "swarm",
    "actions": {"signal": {"variants": {"offer": 5, "answer": {"name": "A"}, "ice": {"name": "C"}}}},
    "events": {"signal": [{"names": ["A"], "set": {"signal.kind": "answer"},
                           "capture": {"signal.data": "/d"}}]}})"),
      (std::vector<std::string>{
          R"(p.json: /actions/signal/variants/offer: expected {"name": ..., "fields": {...}} or null)",
      }));
}

// The guide's worked examples are profiles that validate, so the guide cannot drift from the
// format.
TEST(ProfileShapes, TheGuidesWorkedExamplesAreValidProfiles) {
  std::ifstream in(SWARMGATE_DOCS_DIR "/profiles.md");
  ASSERT_TRUE(in) << SWARMGATE_DOCS_DIR "/profiles.md";
  std::stringstream text;
  text << in.rdbuf();
  const std::string guide = text.str();
  int profiles = 0;
  for (std::size_t at = guide.find("```json\n{\n  \"name\""); at != std::string::npos;
       at = guide.find("```json\n{\n  \"name\"", at + 1)) {
    const std::size_t begin = at + 8;
    const std::string json = guide.substr(begin, guide.find("```", begin) - begin);
    std::vector<std::string> errors;
    EXPECT_TRUE(ParseProfile(json, "docs/profiles.md example", &errors))
        << ::testing::PrintToString(errors) << json;
    ++profiles;
  }
  EXPECT_EQ(profiles, 4);
}

}  // namespace
}  // namespace swarmgate
