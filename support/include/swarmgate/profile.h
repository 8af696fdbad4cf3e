#pragma once
// A profile: how one server's wire format carries the engine's verbs (dialect.h), written as
// JSON so that a user can point swarmgate at their server without changing C++. Example:
//   {"name": "my-chat", "transport": "websocket", "path": "/ws",
//    "type_field": "event", "payload_key": "data",
//    "actions": {"find_match": {"name": "queue.join"},
//                "message": {"name": "chat.send", "fields": {"body": "{text}"}}, ...},
//    "events": {"matched": {"names": ["queue.matched"],
//                           "capture": {"match.id": "/room", "partner.id": "/peer"}},
//               "left": {"names": ["chat.ended"], "when": {"/reason": "you_left"}}, ...},
//    "ignore": ["stats"]}
// Over HTTP, actions name a method and a path instead of (or beside) a wire name, and a
// "poll" request fetches the messages held for the user:
//   {"transport": "http", "poll": {"path": "/poll?session={session.id}", "interval_s": 0.1,
//                                  "messages": "/messages"},
//    "actions": {"message": {"method": "POST", "path": "/rooms/{match.id}/messages",
//                            "fields": {"text": "{text}"}}, ...}, ...}

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
};

struct EventMapping {
  std::vector<std::string> wire_names;
  // Slot ("match.id", "text", ...) -> JSON Pointer into the event's payload. The slot
  // "history" (resumed) points at an array of message texts.
  std::vector<std::pair<std::string, std::string>> captures;
  // JSON Pointer -> the string found there: the event is this verb only where every one
  // holds (one wire name for several verbs, told apart by a field). Events with conditions
  // are tried before those without.
  std::vector<std::pair<std::string, std::string>> when;
};

struct Profile {
  std::string name;
  Transport transport = Transport::kWebSocket;
  // Path and query of the WebSocket URL; empty: the target URL's own.
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;  // extra handshake headers
  std::string type_field = "type";  // websocket: the field naming the message
  std::string payload_key;          // websocket: fields nested under this key; empty: inline
  std::string socketio_namespace = "/";
  std::string socketio_auth_json;  // socketio: the namespace-connect payload; empty: none
  std::array<std::optional<ActionTemplate>, kActionCount> actions;  // absent: no such step
  bool leave_by_closing = false;  // "leave": "close": leaving is closing the socket
  std::array<std::optional<EventMapping>, kEventKindCount> events;
  std::vector<std::string> ignore;  // wire names that are not for the flow (broadcasts)
  double heartbeat_interval_s = 0;  // > 0: the ping action is sent this often
  // http: the poll (actions[kPoll]) is sent this long after each answer, and its answer holds
  // the messages as an array at this JSON Pointer ("" : the body is the array).
  double poll_interval_s = 0;
  std::string poll_messages_pointer;

  const std::optional<ActionTemplate>& action(Action a) const {
    return actions[static_cast<std::size_t>(a)];
  }
  const std::optional<EventMapping>& event(EventKind e) const {
    return events[static_cast<std::size_t>(e)];
  }
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

}  // namespace swarmgate
