#include "profile_checks.h"

#include "profile_slots.h"

namespace swarmgate {
namespace {

// Every "{...}" in the strings of a JSON value, with where it was found.
void CollectPlaceholders(const rapidjson::Value& v, const std::string& at,
                         std::vector<std::pair<std::string, std::string>>* out) {
  if (v.IsString()) {
    const std::string_view s(v.GetString(), v.GetStringLength());
    for (std::size_t open = s.find('{'); open != std::string_view::npos;
         open = s.find('{', open + 1)) {
      const std::size_t close = s.find('}', open);
      if (close == std::string_view::npos) break;
      out->emplace_back(std::string(s.substr(open + 1, close - open - 1)), at);
    }
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      CollectPlaceholders(m.value, at + "/" + PointerToken(m.name.GetString()), out);
    }
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      CollectPlaceholders(v[i], at + "/" + std::to_string(i), out);
    }
  }
}

}  // namespace

std::string PointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// The stamp travels in the text, or in a field of its own both ways: sent as {stamp} and
// captured as "stamp".
void CheckStamp(const Profile& p, const ProfileProblem& problem) {
  const auto& send = p.action(Action::kMessage);
  const auto& receive = p.event(EventKind::kMessage);
  if (!send || !receive) return;
  const bool sent = send->fields_json.find("{stamp}") != std::string::npos;
  bool captured = false;
  for (const auto& [slot, pointer] : receive->captures) captured |= slot == "stamp";
  if (sent && !captured) {
    problem("/events/message/capture",
            "{stamp} is sent in a field of its own but never captured (add \"stamp\")");
  } else if (captured && !sent) {
    problem("/actions/message/fields", "\"stamp\" is captured but never sent (add {stamp})");
  }
}

void CheckPlaceholders(const rapidjson::Value& doc, const Profile& p,
                       const ProfileProblem& problem) {
  for (std::size_t i = 0; i < kActionCount; ++i) {
    if (!p.actions[i]) continue;
    const auto verb = static_cast<Action>(i);
    const std::string name(NameOf(static_cast<Action>(i)));
    const std::string at = verb == Action::kPoll ? "/poll" : "/actions/" + name;
    const rapidjson::Value& action =
        verb == Action::kPoll ? doc["poll"] : doc["actions"][NameOf(static_cast<Action>(i)).data()];
    std::vector<std::pair<std::string, std::string>> found;
    if (const auto path = action.FindMember("path"); path != action.MemberEnd()) {
      CollectPlaceholders(path->value, at + "/path", &found);
    }
    if (const auto fields = action.FindMember("fields"); fields != action.MemberEnd()) {
      CollectPlaceholders(fields->value, at + "/fields", &found);
    }
    const std::set<std::string_view> known = PlaceholdersFor(verb);
    for (const auto& [placeholder, where] : found) {
      if (known.count(placeholder) == 0) {
        problem(where, "the flow cannot fill {" + placeholder + "} in " + name);
        continue;
      }
      const std::vector<EventKind> sources = SourcesOf(placeholder);
      if (sources.empty()) continue;
      const bool sid_from_transport =
          placeholder == "session.id" && p.transport == Transport::kSocketIo;  // CONNECT's sid
      bool captured = sid_from_transport;
      for (EventKind source : sources) {
        if (const auto& mapping = p.event(source)) {
          for (const auto& [slot, pointer] : mapping->captures) captured |= slot == placeholder;
        }
        for (const auto& other : p.actions) {  // a Socket.IO acknowledgement read as the event
          if (!other || other->ack_event != source) continue;
          for (const auto& [slot, pointer] : other->ack_captures) captured |= slot == placeholder;
        }
      }
      if (!captured) {
        std::string events;
        for (EventKind source : sources) {
          events += (events.empty() ? "/events/" : " or /events/") + std::string(NameOf(source)) +
                    "/capture";
        }
        problem(where, "{" + placeholder + "} is never captured (add it to " + events + ")");
      }
    }
  }
}

}  // namespace swarmgate
