#include "swarmgate/profile.h"

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "profile_checks.h"
#include "profile_slots.h"
#include "swarmgate_internal/json_string_sink.h"

namespace swarmgate {
namespace {

constexpr std::array<std::string_view, 5> kHttpMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
// The verbs' names as profiles spell them (dialect.h), in order.
std::vector<std::string_view> ActionNames() {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < kActionCount; ++i) names.push_back(NameOf(static_cast<Action>(i)));
  return names;
}
std::vector<std::string_view> EventNames() {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    names.push_back(NameOf(static_cast<EventKind>(i)));
  }
  return names;
}

std::string ToJson(const rapidjson::Value& v) {
  std::string out;
  internal::JsonStringSink sink{&out};
  rapidjson::Writer<internal::JsonStringSink> w(sink);
  v.Accept(w);
  return out;
}

class ProfileReader {
 public:
  ProfileReader(std::string source, std::vector<std::string>* errors)
      : source_(std::move(source)), errors_(errors) {}

  std::optional<Profile> Read(std::string_view json);

 private:
  void Problem(const std::string& pointer, const std::string& what) {
    errors_->push_back(source_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + what);
    ++problems_;
  }
  // Reports keys of `object` (at `at`) outside `allowed`.
  void OnlyKeys(const rapidjson::Value& object, const std::string& at,
                const std::vector<std::string_view>& allowed);
  std::optional<std::string> String(const rapidjson::Value& object, const char* key,
                                    const std::string& at, bool required);
  void ReadActions(const rapidjson::Value& actions, Profile* p);
  void ReadHttpRequest(const rapidjson::Value& object, const std::string& at,
                       const char* default_method, ActionTemplate* t);
  void ReadPoll(const rapidjson::Value& poll, Profile* p);
  void ReadAck(const rapidjson::Value& action, const std::string& at, ActionTemplate* t);
  void ReadCaptures(const rapidjson::Value& capture, EventKind verb, const std::string& at,
                    std::vector<std::pair<std::string, std::string>>* out);
  void ReadEvents(const rapidjson::Value& events, Profile* p);
  void ReadWhen(const rapidjson::Value& when, const std::string& at,
                std::vector<std::pair<std::string, std::string>>* out);

  std::string source_;
  std::vector<std::string>* errors_;
  int problems_ = 0;
};

void ProfileReader::OnlyKeys(const rapidjson::Value& object, const std::string& at,
                             const std::vector<std::string_view>& allowed) {
  for (const auto& m : object.GetObject()) {
    const std::string_view key(m.name.GetString(), m.name.GetStringLength());
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      Problem(at + "/" + PointerToken(key), "unknown key (expected one of: " + list + ")");
    }
  }
}

std::optional<std::string> ProfileReader::String(const rapidjson::Value& object, const char* key,
                                                 const std::string& at, bool required) {
  const auto it = object.FindMember(key);
  if (it == object.MemberEnd()) {
    if (required) Problem(at + "/" + key, "missing (expected a string)");
    return std::nullopt;
  }
  if (!it->value.IsString() || it->value.GetStringLength() == 0) {
    Problem(at + "/" + key, "expected a non-empty string");
    return std::nullopt;
  }
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<Profile> ProfileReader::Read(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    Problem("", "not JSON (parse error at byte " + std::to_string(doc.GetErrorOffset()) + ")");
    return std::nullopt;
  }
  if (!doc.IsObject()) {
    Problem("", "expected a JSON object");
    return std::nullopt;
  }
  OnlyKeys(doc, "",
           {"name", "transport", "path", "headers", "type_field", "payload_key", "namespace",
            "auth", "actions", "events", "ignore", "heartbeat", "poll"});
  Profile p;
  p.name = String(doc, "name", "", true).value_or("");
  const std::string transport = String(doc, "transport", "", true).value_or("");
  if (transport == "websocket") {
    p.transport = Transport::kWebSocket;  // path: the target URL's unless given
  } else if (transport == "socketio") {
    p.transport = Transport::kSocketIo;
    p.path = "/socket.io/?EIO=4&transport=websocket";
  } else if (transport == "http") {
    p.transport = Transport::kHttp;
  } else if (!transport.empty()) {
    Problem("/transport",
            "unknown transport \"" + transport + "\" (expected websocket, socketio or http)");
  }
  const bool http = p.transport == Transport::kHttp;
  if (auto path = String(doc, "path", "", false)) {
    if (http) Problem("/path", "not used by http (each action has its own path)");
    if ((*path)[0] != '/') Problem("/path", "expected a path starting with /");
    p.path = *path;
  }
  if (const auto it = doc.FindMember("headers"); it != doc.MemberEnd()) {
    if (!it->value.IsObject()) {
      Problem("/headers", "expected an object of header names to strings");
    } else {
      for (const auto& h : it->value.GetObject()) {
        if (!h.value.IsString()) {
          Problem("/headers/" + PointerToken(h.name.GetString()), "expected a string");
        } else {
          p.headers.emplace_back(h.name.GetString(), h.value.GetString());
        }
      }
    }
  }
  const bool socketio = p.transport == Transport::kSocketIo;
  if (auto field = String(doc, "type_field", "", false)) {
    if (socketio) Problem("/type_field", "not used by socketio (the event name is the type)");
    p.type_field = *field;
  }
  if (auto key = String(doc, "payload_key", "", false)) {
    if (socketio) Problem("/payload_key", "not used by socketio (arguments follow the name)");
    p.payload_key = *key;
  }
  if (auto ns = String(doc, "namespace", "", false)) {
    if (!socketio) Problem("/namespace", "only the socketio transport has namespaces");
    if ((*ns)[0] != '/') Problem("/namespace", "expected a namespace starting with /");
    p.socketio_namespace = *ns;
  }
  if (const auto it = doc.FindMember("auth"); it != doc.MemberEnd()) {
    if (!socketio) Problem("/auth", "only the socketio transport sends an auth payload");
    if (!it->value.IsObject()) Problem("/auth", "expected an object");
    p.socketio_auth_json = ToJson(it->value);
  }
  if (const auto it = doc.FindMember("ignore"); it != doc.MemberEnd()) {
    if (!it->value.IsArray()) {
      Problem("/ignore", "expected an array of wire names");
    } else {
      for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
        if (!it->value[i].IsString()) {
          Problem("/ignore/" + std::to_string(i), "expected a string");
        } else {
          p.ignore.emplace_back(it->value[i].GetString());
        }
      }
    }
  }
  const auto actions = doc.FindMember("actions");
  if (actions == doc.MemberEnd() || !actions->value.IsObject()) {
    Problem("/actions", "missing (expected an object of verbs)");
  } else {
    ReadActions(actions->value, &p);
  }
  const auto events = doc.FindMember("events");
  if (events == doc.MemberEnd() || !events->value.IsObject()) {
    Problem("/events", "missing (expected an object of verbs)");
  } else {
    ReadEvents(events->value, &p);
  }
  if (const auto it = doc.FindMember("heartbeat"); it != doc.MemberEnd()) {
    const auto interval = it->value.IsObject() ? it->value.FindMember("interval_s")
                                               : rapidjson::Value::ConstMemberIterator();
    if (!it->value.IsObject() || interval == it->value.MemberEnd() || !interval->value.IsNumber() ||
        interval->value.GetDouble() <= 0) {
      Problem("/heartbeat", "expected {\"interval_s\": <seconds > 0>}");
    } else {
      OnlyKeys(it->value, "/heartbeat", {"interval_s"});
      p.heartbeat_interval_s = interval->value.GetDouble();
      if (!p.action(Action::kPing)) Problem("/heartbeat", "needs /actions/ping to send");
    }
  }
  if (const auto it = doc.FindMember("poll"); it != doc.MemberEnd()) {
    if (!http) {
      Problem("/poll", "only the http transport polls");
    } else {
      ReadPoll(it->value, &p);
    }
  } else if (http) {
    Problem("/poll", "missing (http needs a poll request to receive messages)");
  }
  if (http && p.event(EventKind::kWelcome)) {
    Problem("/events/welcome",
            "http servers say nothing before the first request (capture session.id in "
            "/events/identified)");
  }
  if (actions != doc.MemberEnd() && actions->value.IsObject()) {
    const ProfileProblem problem = [this](const std::string& pointer, const std::string& what) {
      Problem(pointer, what);
    };
    CheckPlaceholders(doc, p, problem);
    CheckStamp(p, problem);
  }
  if (problems_ > 0) return std::nullopt;
  return p;
}

void ProfileReader::ReadActions(const rapidjson::Value& actions, Profile* p) {
  const bool http = p->transport == Transport::kHttp;
  std::vector<std::string_view> verbs = ActionNames();
  verbs.pop_back();  // not poll: that one is top-level
  OnlyKeys(actions, "/actions", verbs);
  for (std::size_t i = 0; i < kActionCount; ++i) {
    const auto verb = static_cast<Action>(i);
    if (verb == Action::kPoll) continue;  // top-level: "poll"
    const std::string at = "/actions/" + std::string(NameOf(static_cast<Action>(i)));
    const auto it = actions.FindMember(NameOf(static_cast<Action>(i)).data());
    const bool required = verb == Action::kFindMatch || verb == Action::kMessage ||
                          verb == Action::kTyping || verb == Action::kLeave;
    if (it == actions.MemberEnd() || it->value.IsNull()) {
      if (required) Problem(at, "missing (every flow needs this verb)");
      continue;
    }
    if (verb == Action::kLeave && it->value.IsString() &&
        std::string_view(it->value.GetString()) == "close") {
      p->leave_by_closing = true;
      continue;
    }
    const char* shape = http ? "{\"method\": ..., \"path\": ..., \"fields\": {...}}"
                             : "{\"name\": ..., \"fields\": {...}}";
    if (!it->value.IsObject()) {
      Problem(at, "expected " + std::string(shape) +
                      (verb == Action::kLeave ? ", \"close\" or null" : " or null"));
      continue;
    }
    ActionTemplate t;
    if (http) {
      OnlyKeys(it->value, at, {"method", "path", "name", "fields"});
      ReadHttpRequest(it->value, at, "POST", &t);
      t.wire_name = String(it->value, "name", at, false).value_or("");
      if ((t.method == "GET" || t.method == "DELETE") &&
          (!t.wire_name.empty() || it->value.HasMember("fields"))) {
        Problem(at, "a " + t.method + " request has no body (put values in the path)");
      }
    } else {
      if (p->transport == Transport::kSocketIo) {
        OnlyKeys(it->value, at, {"name", "fields", "ack"});
        ReadAck(it->value, at, &t);
      } else {
        OnlyKeys(it->value, at, {"name", "fields"});
      }
      t.wire_name = String(it->value, "name", at, true).value_or("");
    }
    if (const auto fields = it->value.FindMember("fields"); fields != it->value.MemberEnd()) {
      if (!fields->value.IsObject()) {
        Problem(at + "/fields", "expected an object");
      } else {
        t.fields_json = ToJson(fields->value);
      }
    }
    p->actions[i] = std::move(t);
  }
}

void ProfileReader::ReadHttpRequest(const rapidjson::Value& object, const std::string& at,
                                    const char* default_method, ActionTemplate* t) {
  t->method = String(object, "method", at, false).value_or(default_method);
  bool known = false;
  for (std::string_view m : kHttpMethods) known = known || m == t->method;
  if (!known) Problem(at + "/method", "expected GET, POST, PUT, PATCH or DELETE");
  t->path = String(object, "path", at, true).value_or("/");
  if (t->path[0] != '/') Problem(at + "/path", "expected a path starting with /");
  for (char c : t->path) {
    if (c == ' ' || c == '\n' || c == '\r') {
      Problem(at + "/path", "a path cannot hold spaces or line breaks");
      break;
    }
  }
}

void ProfileReader::ReadPoll(const rapidjson::Value& poll, Profile* p) {
  if (!poll.IsObject()) {
    Problem("/poll", "expected {\"path\": ..., \"interval_s\": ..., \"messages\": ...}");
    return;
  }
  OnlyKeys(poll, "/poll", {"method", "path", "interval_s", "messages"});
  ActionTemplate t;
  ReadHttpRequest(poll, "/poll", "GET", &t);
  p->actions[static_cast<std::size_t>(Action::kPoll)] = std::move(t);
  const auto interval = poll.FindMember("interval_s");
  if (interval == poll.MemberEnd() || !interval->value.IsNumber() ||
      interval->value.GetDouble() <= 0) {
    Problem("/poll/interval_s", "expected seconds > 0 between an answer and the next poll");
  } else {
    p->poll_interval_s = interval->value.GetDouble();
  }
  if (auto messages = String(poll, "messages", "/poll", false)) {
    if (!rapidjson::Pointer(messages->c_str()).IsValid() || (*messages)[0] != '/') {
      Problem("/poll/messages", "expected a JSON Pointer such as \"/messages\"");
    }
    p->poll_messages_pointer = *messages;
  }
}

void ProfileReader::ReadCaptures(const rapidjson::Value& capture, EventKind verb,
                                 const std::string& at,
                                 std::vector<std::pair<std::string, std::string>>* out) {
  if (!capture.IsObject()) {
    Problem(at, "expected an object of slots to JSON Pointers");
    return;
  }
  const std::set<std::string_view> slots = CaptureSlotsFor(verb);
  for (const auto& c : capture.GetObject()) {
    const std::string slot = c.name.GetString();
    const std::string where = at + "/" + PointerToken(slot);
    if (slots.count(slot) == 0) {
      std::string list;
      for (std::string_view s : slots) list += (list.empty() ? "" : ", ") + std::string(s);
      Problem(where, "this event cannot capture \"" + slot + "\"" +
                         (list.empty() ? " (it captures nothing)" : " (it captures " + list + ")"));
    } else if (!c.value.IsString() || !rapidjson::Pointer(c.value.GetString()).IsValid() ||
               c.value.GetString()[0] != '/') {
      Problem(where, "expected a JSON Pointer such as \"/match_id\"");
    } else {
      out->emplace_back(slot, c.value.GetString());
    }
  }
}

void ProfileReader::ReadAck(const rapidjson::Value& action, const std::string& at,
                            ActionTemplate* t) {
  const auto ack = action.FindMember("ack");
  if (ack == action.MemberEnd()) return;
  const std::string where = at + "/ack";
  if (!ack->value.IsObject()) {
    Problem(where, "expected {\"event\": ..., \"capture\": {...}}");
    return;
  }
  OnlyKeys(ack->value, where, {"event", "capture"});
  const std::string event = String(ack->value, "event", where, true).value_or("");
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    if (NameOf(static_cast<EventKind>(i)) == event) t->ack_event = static_cast<EventKind>(i);
  }
  if (!event.empty() && !t->ack_event) {
    Problem(where + "/event", "\"" + event + "\" is not an event of the flow");
    return;
  }
  if (const auto capture = ack->value.FindMember("capture"); capture != ack->value.MemberEnd()) {
    if (t->ack_event)
      ReadCaptures(capture->value, *t->ack_event, where + "/capture", &t->ack_captures);
  }
}

void ProfileReader::ReadEvents(const rapidjson::Value& events, Profile* p) {
  std::map<std::string, std::string> seen;  // wire name -> where it was first given
  for (const std::string& name : p->ignore) seen.emplace(name, "/ignore");
  OnlyKeys(events, "/events", EventNames());
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    const std::string at = "/events/" + std::string(NameOf(static_cast<EventKind>(i)));
    const auto it = events.FindMember(NameOf(static_cast<EventKind>(i)).data());
    const auto verb = static_cast<EventKind>(i);
    const bool required = verb == EventKind::kMatched || verb == EventKind::kMessage ||
                          verb == EventKind::kTyping || verb == EventKind::kPartnerLeft;
    if (it == events.MemberEnd() || it->value.IsNull()) {
      if (required) Problem(at, "missing (every flow needs this event)");
      continue;
    }
    if (!it->value.IsObject()) {
      Problem(at, "expected {\"names\": [...], \"capture\": {...}}");
      continue;
    }
    OnlyKeys(it->value, at, {"names", "capture", "when"});
    EventMapping mapping;
    const auto when = it->value.FindMember("when");
    const bool conditional = when != it->value.MemberEnd();
    const auto names = it->value.FindMember("names");
    if (names == it->value.MemberEnd() || !names->value.IsArray() || names->value.Empty()) {
      Problem(at + "/names", "expected a non-empty array of wire names");
    } else {
      for (rapidjson::SizeType n = 0; n < names->value.Size(); ++n) {
        const std::string where = at + "/names/" + std::to_string(n);
        if (!names->value[n].IsString() || names->value[n].GetStringLength() == 0) {
          Problem(where, "expected a non-empty string");
          continue;
        }
        const std::string name = names->value[n].GetString();
        // A name may stand for several verbs when conditions tell them apart (at most one
        // of them without).
        if (conditional) {
          for (const std::string& ignored : p->ignore) {
            if (ignored == name) Problem(where, "\"" + name + "\" is ignored (/ignore)");
          }
        } else if (auto [first, fresh] = seen.emplace(name, where); !fresh) {
          Problem(where, "\"" + name + "\" is already mapped at " + first->second +
                             " (add \"when\" to tell the two apart)");
        }
        mapping.wire_names.push_back(name);
      }
    }
    if (const auto capture = it->value.FindMember("capture"); capture != it->value.MemberEnd()) {
      ReadCaptures(capture->value, verb, at + "/capture", &mapping.captures);
    }
    if (conditional) ReadWhen(when->value, at + "/when", &mapping.when);
    p->events[i] = std::move(mapping);
  }
}

void ProfileReader::ReadWhen(const rapidjson::Value& when, const std::string& at,
                             std::vector<std::pair<std::string, std::string>>* out) {
  if (!when.IsObject() || when.ObjectEmpty()) {
    Problem(at, "expected an object of JSON Pointers to the strings they must hold");
    return;
  }
  for (const auto& c : when.GetObject()) {
    const std::string pointer = c.name.GetString();
    const std::string where = at + "/" + PointerToken(pointer);
    if (pointer.empty() || pointer[0] != '/' || !rapidjson::Pointer(pointer.c_str()).IsValid()) {
      Problem(where, "expected a JSON Pointer such as \"/reason\" as the key");
    } else if (!c.value.IsString()) {
      Problem(where, "expected the string the field must hold");
    } else {
      out->emplace_back(pointer, c.value.GetString());
    }
  }
}

}  // namespace

std::optional<Profile> ParseProfile(std::string_view json, const std::string& source,
                                    std::vector<std::string>* errors) {
  return ProfileReader(source, errors).Read(json);
}

std::optional<Profile> LoadProfile(const std::string& path, std::vector<std::string>* errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->push_back(path + ": cannot be read");
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseProfile(text.str(), path, errors);
}

}  // namespace swarmgate
