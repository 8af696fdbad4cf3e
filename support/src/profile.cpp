#include "swarmgate/profile.h"

#include <rapidjson/pointer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

#include "json_file.h"
#include "profile_reader.h"
#include "swarmgate_internal/json_string_sink.h"

namespace swarmgate {
namespace {

// Far above any profile written by hand; a bigger file is something else.
constexpr std::uintmax_t kMaxProfileBytes = 1 << 20;

}  // namespace

bool Profile::Maps(EventKind e) const {
  if (!event(e).empty()) return true;
  for (const auto& a : actions) {
    if (a && a->ack_event == e) return true;
  }
  return false;
}

bool Profile::Brings(EventKind e, std::string_view slot) const {
  for (const EventMapping& m : event(e)) {
    for (const auto& [s, pointer] : m.captures) {
      if (s == slot) return true;
    }
    for (const auto& [s, value] : m.set) {
      if (s == slot) return true;
    }
  }
  for (const auto& a : actions) {
    if (!a || a->ack_event != e) continue;
    for (const auto& [s, pointer] : a->ack_captures) {
      if (s == slot) return true;
    }
  }
  return false;
}

std::string ToJson(const rapidjson::Value& v) {
  std::string out;
  internal::JsonStringSink sink{&out};
  rapidjson::Writer<internal::JsonStringSink> w(sink);
  v.Accept(w);
  return out;
}

void ProfileReader::Problem(const std::string& pointer, const std::string& what) {
  errors_->push_back(source_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + what);
  ++problems_;
}

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

Pairs ProfileReader::StringPairs(const rapidjson::Value& object, const std::string& at) {
  Pairs out;
  if (!object.IsObject()) {
    Problem(at, "expected an object of names to strings");
    return out;
  }
  for (const auto& m : object.GetObject()) {
    if (!m.value.IsString()) {
      Problem(at + "/" + PointerToken(m.name.GetString()), "expected a string");
    } else {
      out.emplace_back(m.name.GetString(), m.value.GetString());
    }
  }
  return out;
}

std::optional<Profile> ProfileReader::Read(std::string_view json) {
  rapidjson::Document doc;
  if (!ParseJsonText(json, source_, &doc, errors_)) return std::nullopt;
  if (!doc.IsObject()) {
    Problem("", "expected a JSON object");
    return std::nullopt;
  }
  Profile p;
  ReadTopLevel(doc, &p);
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
  const bool http = p.transport == Transport::kHttp;
  if (const auto it = doc.FindMember("poll"); it != doc.MemberEnd()) {
    if (!http) {
      Problem("/poll", "only the http transport polls");
    } else {
      ReadPoll(it->value, &p);
    }
  } else if (http) {
    Problem("/poll", "missing (http needs a poll request to receive messages)");
  }
  if (http && p.Maps(EventKind::kWelcome)) {
    Problem("/events/welcome",
            "http servers say nothing before the first request (capture session.id in "
            "/events/identified)");
  }
  if (actions != doc.MemberEnd() && actions->value.IsObject() && events != doc.MemberEnd() &&
      events->value.IsObject()) {
    ReadMatchmaking(doc, &p);
    CheckPlaceholders(doc, p);
    CheckConnectionPlaceholders(doc, p);
    CheckEventsBringWhatFlowsNeed(p);
    CheckStamp(p);
  }
  if (problems_ > 0) return std::nullopt;
  return p;
}

void ProfileReader::ReadTopLevel(const rapidjson::Value& doc, Profile* p) {
  OnlyKeys(
      doc, "",
      {"name", "transport", "matchmaking", "path", "headers", "per_user", "type_field",
       "payload_key", "namespace", "auth", "actions", "events", "ignore", "heartbeat", "poll"});
  p->name = String(doc, "name", "", true).value_or("");
  const std::string transport = String(doc, "transport", "", true).value_or("");
  if (transport == "websocket") {
    p->transport = Transport::kWebSocket;  // path: the target URL's unless given
  } else if (transport == "socketio") {
    p->transport = Transport::kSocketIo;
    p->path = "/socket.io/?EIO=4&transport=websocket";  // Engine.IO's own
  } else if (transport == "http") {
    p->transport = Transport::kHttp;
  } else if (!transport.empty()) {
    Problem("/transport",
            "unknown transport \"" + transport + "\" (expected websocket, socketio or http)");
  }
  const bool http = p->transport == Transport::kHttp;
  const bool socketio = p->transport == Transport::kSocketIo;
  if (auto path = String(doc, "path", "", false)) {
    if (http) Problem("/path", "not used by http (each action has its own path)");
    if ((*path)[0] != '/') Problem("/path", "expected a path starting with /");
    if (path->find_first_of(" \r\n") != std::string::npos) {
      Problem("/path", "a path cannot hold spaces or line breaks");
    }
    p->path = *path;
  }
  if (const auto it = doc.FindMember("headers"); it != doc.MemberEnd()) {
    p->headers = StringPairs(it->value, "/headers");
    for (const auto& [name, value] : p->headers) {
      if (name.empty() || name.find_first_of(": \r\n") != std::string::npos ||
          value.find_first_of("\r\n") != std::string::npos) {
        Problem("/headers/" + PointerToken(name),
                "a header name without ':' or spaces, and a "
                "value without line breaks");
      }
    }
  }
  if (const auto it = doc.FindMember("per_user"); it != doc.MemberEnd()) {
    ReadValues(it->value, p);
  }
  if (auto field = String(doc, "type_field", "", false)) {
    if (socketio) Problem("/type_field", "not used by socketio (the event name is the type)");
    p->type_field = *field;
  }
  if (auto key = String(doc, "payload_key", "", false)) {
    if (socketio) Problem("/payload_key", "not used by socketio (arguments follow the name)");
    p->payload_key = *key;
  }
  if (auto ns = String(doc, "namespace", "", false)) {
    if (!socketio) Problem("/namespace", "only the socketio transport has namespaces");
    if ((*ns)[0] != '/') Problem("/namespace", "expected a namespace starting with /");
    p->socketio_namespace = *ns;
  }
  if (const auto it = doc.FindMember("auth"); it != doc.MemberEnd()) {
    if (!socketio) Problem("/auth", "only the socketio transport sends an auth payload");
    if (!it->value.IsObject()) Problem("/auth", "expected an object");
    p->socketio_auth_json = ToJson(it->value);
  }
  if (const auto it = doc.FindMember("ignore"); it != doc.MemberEnd()) {
    if (!it->value.IsArray()) {
      Problem("/ignore", "expected an array of wire names");
    } else {
      for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
        if (!it->value[i].IsString()) {
          Problem("/ignore/" + std::to_string(i), "expected a string");
        } else {
          p->ignore.emplace_back(it->value[i].GetString());
        }
      }
    }
  }
}

// How users come to be partners, and the verbs that takes: requested needs find_match and a
// match notice, implicit a match notice the server sends unprompted, swarm neither.
void ProfileReader::ReadMatchmaking(const rapidjson::Value& doc, Profile* p) {
  const std::string mode = String(doc, "matchmaking", "", false).value_or("requested");
  const bool find_match = p->action(Action::kFindMatch).has_value();
  const bool matched = p->Maps(EventKind::kMatched);
  if (mode == "requested") {
    p->matchmaking = Matchmaking::kRequested;
    if (find_match && !matched) {
      Problem("/events/matched",
              "missing: find_match is sent, so the match notice must be "
              "mapped");
    } else if (matched && !find_match) {
      Problem("/actions/find_match",
              "missing: a server that matches users unprompted is \"matchmaking\": \"implicit\"");
    }
  } else if (mode == "implicit") {
    p->matchmaking = Matchmaking::kImplicit;
    if (find_match) Problem("/actions/find_match", "not sent in implicit matchmaking");
    if (!matched) Problem("/events/matched", "missing: implicit matchmaking waits for it");
  } else if (mode == "swarm") {
    p->matchmaking = Matchmaking::kSwarm;
    if (find_match) Problem("/actions/find_match", "not sent in swarm matchmaking");
    for (EventKind e : {EventKind::kQueued, EventKind::kMatched, EventKind::kChatStarted}) {
      if (p->Maps(e)) {
        Problem("/events/" + std::string(NameOf(e)),
                "the server has no matchmaking in swarm matchmaking (the swarm pairs users)");
      }
    }
  } else {
    Problem("/matchmaking", "expected \"requested\", \"implicit\" or \"swarm\"");
  }
}

void ProfileReader::ReadValues(const rapidjson::Value& values, Profile* p) {
  if (!values.IsObject()) {
    Problem("/per_user", "expected an object of names to lists of strings");
    return;
  }
  for (const auto& m : values.GetObject()) {
    const std::string name = m.name.GetString();
    const std::string at = "/per_user/" + PointerToken(name);
    bool word = !name.empty();
    for (char c : name)
      word = word && (std::islower(static_cast<unsigned char>(c)) ||
                      std::isdigit(static_cast<unsigned char>(c)) || c == '_');
    if (!word || name == "index" || name == "name") {
      Problem(at, "a value's name is lower-case letters, digits and _ (not index or name)");
      continue;
    }
    std::vector<std::string> list;
    if (m.value.IsArray()) {
      for (const auto& v : m.value.GetArray()) {
        if (v.IsString()) list.emplace_back(v.GetString(), v.GetStringLength());
      }
    }
    if (!m.value.IsArray() || list.empty() || list.size() != m.value.Size()) {
      Problem(at, "expected a non-empty array of strings (user i takes element i % n)");
      continue;
    }
    p->values.emplace_back(name, std::move(list));
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

std::optional<Profile> ParseProfile(std::string_view json, const std::string& source,
                                    std::vector<std::string>* errors) {
  return ProfileReader(source, errors).Read(json);
}

std::optional<Profile> LoadProfile(const std::string& path, std::vector<std::string>* errors) {
  const std::optional<std::string> text = ReadJsonFile(path, kMaxProfileBytes, "profile", errors);
  if (!text) return std::nullopt;
  return ParseProfile(*text, path, errors);
}

}  // namespace swarmgate
