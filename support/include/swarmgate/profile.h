#pragma once
// A profile: how one server's wire format carries the engine's verbs (dialect.h), written as
// JSON so that a user can point swarmgate at their server without changing C++. The guide
// with every key, verb, capture and placeholder is docs/profiles.md. Example:
//   {"name": "my-chat", "transport": "websocket", "path": "/ws?user={user.name}",
//    "type_field": "event", "payload_key": "data",
//    "per_user": {"gender": ["male", "female"]},
//    "actions": {"find_match": {"name": "queue.join", "fields": {"gender": "{user.gender}"}},
//                "message": {"name": "chat.send", "fields": {"body": "{text}"}}, ...},
//    "events": {"matched": {"names": ["queue.matched"],
//                           "capture": {"match.id": "/room", "partner.id": "/peer"}},
//               "left": {"names": ["chat.ended"], "when": {"/reason": "you_left"}}, ...},
//    "ignore": ["stats"]}
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "swarmgate/dialect.h"

namespace swarmgate {

enum class Transport { kWebSocket, kSocketIo, kHttp };

struct ActionTemplate {
  std::string wire_name;    // websocket, socketio; http: optional (then sent in type_field)
  std::string fields_json;  // the "fields" object as JSON; strings may hold placeholders
  std::string method;       // http: GET, POST, PUT, PATCH or DELETE
  std::string path;         // http: path and query; may hold placeholders
  // socketio: the emit asks for an acknowledgement, which the flow reads as this event
  // (e.g. identify's answer as "identified"), capturing these slots from its first argument.
  std::optional<EventKind> ack_event;
  std::vector<std::pair<std::string, std::string>> ack_captures;
  // An action whose wire form depends on a value: signal on signal.kind (offer, answer,
  // ice), answer_call on call.decision (accept, reject). One template per value, in place of
  // the fields above.
  std::vector<std::pair<std::string, ActionTemplate>> variants;
};

struct EventMapping {
  std::vector<std::string> wire_names;
  // Slot ("match.id", "text", ...) -> JSON Pointer into the event's payload ("" : the whole
  // payload, e.g. a Socket.IO argument that is a bare string). "history" (resumed) points at
  // an array of messages, and "history.text" at the text inside each element.
  std::vector<std::pair<std::string, std::string>> captures;
  // JSON Pointer -> the text found there: the mapping applies only where every one holds
  // (one wire name for several verbs, told apart by a field). Mappings with conditions are
  // tried before those without.
  std::vector<std::pair<std::string, std::string>> when;
  // Slot -> a value the event stands for (OFFER means signal.kind "offer").
  std::vector<std::pair<std::string, std::string>> set;
};

struct Profile {
  std::string name;
  Transport transport = Transport::kWebSocket;
  Matchmaking matchmaking = Matchmaking::kRequested;
  // Path and query of the WebSocket URL; empty: the target URL's own. May hold the
  // placeholders known before connecting ({user.name}, {user.<value>}, ...).
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;  // extra handshake headers
  std::string type_field = "type";  // websocket: the field naming the message
  std::string payload_key;          // websocket: fields nested under this key; empty: inline
  std::string socketio_namespace = "/";
  std::string socketio_auth_json;  // socketio: the namespace-connect payload; empty: none
  // Per-user values: user i takes values[i % n] as {user.<name>} ({partner.<name>}: its
  // partner's, in swarm matchmaking).
  std::vector<std::pair<std::string, std::vector<std::string>>> values;
  std::array<std::optional<ActionTemplate>, kActionCount> actions;  // absent: no such step
  bool leave_by_closing = false;  // "leave": "close": leaving is closing the socket
  std::array<std::vector<EventMapping>, kEventKindCount> events;  // empty: never sent
  std::vector<std::string> ignore;  // wire names that are not for the flow (broadcasts)
  double heartbeat_interval_s = 0;  // > 0: the ping action is sent this often
  // http: the poll (actions[kPoll]) is sent this long after each answer, and its answer holds
  // the messages as an array at this JSON Pointer ("" : the body is the array).
  double poll_interval_s = 0;
  std::string poll_messages_pointer;

  const std::optional<ActionTemplate>& action(Action a) const {
    return actions[static_cast<std::size_t>(a)];
  }
  const std::vector<EventMapping>& event(EventKind e) const {
    return events[static_cast<std::size_t>(e)];
  }
  // Whether the server sends this event (a mapping, or an acknowledgement read as it).
  bool Maps(EventKind e) const;
  // Whether the event brings the slot (captured, set, or from an acknowledgement).
  bool Brings(EventKind e, std::string_view slot) const;
};

// Parses and validates a profile. On failure returns nullopt and appends every problem to
// *errors, one line each: `<source>: <JSON Pointer>: <what was expected>`. Unknown keys are
// errors: a typo must not silently change a test.
std::optional<Profile> ParseProfile(std::string_view json, const std::string& source,
                                    std::vector<std::string>* errors);

// Reads the file at path and parses it (the path is the source in messages).
std::optional<Profile> LoadProfile(const std::string& path, std::vector<std::string>* errors);

// The dialect a valid profile describes.
std::unique_ptr<Dialect> MakeProfileDialect(const Profile& profile);

// The built-in reference protocol's profile (fixtures/profiles/reference.json, compiled in).
const Profile& ReferenceProfile();

}  // namespace swarmgate
