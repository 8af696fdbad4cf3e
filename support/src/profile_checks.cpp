// Checks across a profile's parts, once all is read: every placeholder is one the flow can
// fill where it stands (and the values the server sends are brought by some event), every
// event brings what its flow reads, and a stamp sent in a field of its own comes back in one.
#include <set>

#include "profile_reader.h"
#include "profile_slots.h"

namespace swarmgate {
namespace {

bool Declared(const Profile& p, std::string_view value) {
  for (const auto& [name, list] : p.values) {
    if (name == value) return true;
  }
  return false;
}

// What is wrong with a placeholder of the user's or the partner's own ({user.name},
// {partner.gender}, ...); empty when it can be filled, nullopt when it is not of that kind.
std::optional<std::string> OwnValueProblem(const Profile& p, const std::string& placeholder) {
  for (std::string_view who : {"user.", "partner."}) {
    if (placeholder.compare(0, who.size(), who) != 0) continue;
    const std::string value = placeholder.substr(who.size());
    if (who == "partner." && p.matchmaking != Matchmaking::kSwarm) {
      return "{" + placeholder +
             "} is known only when the swarm pairs users (\"matchmaking\": \"swarm\"); name "
             "the partner with {partner.id}, captured from the server";
    }
    if (value == "index" || value == "name" || Declared(p, value)) return std::string();
    return "{" + placeholder + "} names no value (declare \"" + value + "\" in /per_user)";
  }
  return std::nullopt;
}

// Where a value the server sends can be captured, for a hint.
std::string WhereToCapture(std::string_view placeholder) {
  if (placeholder == "session.id") return "/events/welcome/capture or /events/identified/capture";
  return "the capture of the event that brings it, e.g. /events/matched/capture";
}

}  // namespace

void CollectPlaceholders(const rapidjson::Value& v, const std::string& at, Pairs* out) {
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

void ProfileReader::CheckPlaceholders(const rapidjson::Value& doc, const Profile& p) {
  for (std::size_t i = 0; i < kActionCount; ++i) {
    if (!p.actions[i]) continue;
    const auto verb = static_cast<Action>(i);
    const std::string name(NameOf(verb));
    const std::string at = verb == Action::kPoll ? "/poll" : "/actions/" + name;
    const rapidjson::Value& action =
        verb == Action::kPoll ? doc["poll"] : doc["actions"][NameOf(verb).data()];
    // The action's own path and fields, or those of each of its variants.
    std::vector<std::pair<const rapidjson::Value*, std::string>> forms = {{&action, at}};
    if (const auto variants = action.FindMember("variants"); variants != action.MemberEnd()) {
      forms.clear();
      // A variant that is not an object was reported when read; the action is still kept
      // with the variants that were read, so skip it here.
      for (const auto& v : variants->value.GetObject()) {
        if (!v.value.IsObject()) continue;
        forms.emplace_back(&v.value, at + "/variants/" + PointerToken(v.name.GetString()));
      }
    }
    Pairs found;
    for (const auto& [form, where] : forms) {
      if (const auto path = form->FindMember("path"); path != form->MemberEnd()) {
        CollectPlaceholders(path->value, where + "/path", &found);
      }
      if (const auto fields = form->FindMember("fields"); fields != form->MemberEnd()) {
        CollectPlaceholders(fields->value, where + "/fields", &found);
      }
    }
    const std::set<std::string_view> known = PlaceholdersFor(verb);
    for (const auto& [placeholder, where] : found) {
      if (auto problem = OwnValueProblem(p, placeholder)) {
        if (!problem->empty()) Problem(where, *problem);
        continue;
      }
      if (known.count(placeholder) == 0) {
        Problem(where, "the flow cannot fill {" + placeholder + "} in " + name);
        continue;
      }
      if (!WaitsForServer(placeholder)) continue;
      // Values the transport or the swarm provide.
      if (placeholder == "session.id" && p.transport == Transport::kSocketIo) continue;
      if ((placeholder == "match.id" || placeholder == "partner.id") &&
          p.matchmaking == Matchmaking::kSwarm) {
        continue;
      }
      bool brought = false;
      for (std::size_t e = 0; e < kEventKindCount; ++e) {
        brought = brought || p.Brings(static_cast<EventKind>(e), placeholder);
      }
      if (!brought) {
        Problem(where, "{" + placeholder + "} is never captured (add it to " +
                           WhereToCapture(placeholder) + ")");
      }
    }
  }
}

// The connection is opened before the server has said anything: its path, headers and auth
// payload may use only what the user (and, when the swarm pairs users, its partner) is.
void ProfileReader::CheckConnectionPlaceholders(const rapidjson::Value& doc, const Profile& p) {
  Pairs found;
  for (const char* part : {"path", "headers", "auth"}) {
    if (const auto it = doc.FindMember(part); it != doc.MemberEnd()) {
      CollectPlaceholders(it->value, "/" + std::string(part), &found);
    }
  }
  for (const auto& [placeholder, where] : found) {
    if (auto problem = OwnValueProblem(p, placeholder)) {
      if (!problem->empty()) Problem(where, *problem);
      continue;
    }
    Problem(where, "{" + placeholder +
                       "} is not known before connecting (the path, headers and auth may use "
                       "{user.index}, {user.name} and {user.<value>})");
  }
}

// What the flows read from each event, so that a profile that maps the event but not the
// value fails here and not as a protocol error on every frame.
void ProfileReader::CheckEventsBringWhatFlowsNeed(const Profile& p) {
  struct Need {
    EventKind event;
    std::vector<std::string_view> any_of;  // one of these slots
    const char* what;
  };
  const Need needs[] = {
      {EventKind::kMessage, {"text", "stamp"}, "the message text, where the stamp travels"},
      {EventKind::kSignal, {"signal.data"}, "the signal's data, where its stamp travels"},
      {EventKind::kSignal,
       {"signal.kind"},
       "whether it is an offer, an answer or an ice "
       "candidate (capture it, or \"set\" it per wire name)"},
      {EventKind::kIncomingCall, {"call.id"}, "the call id the agent answers"},
      {EventKind::kCallAnswered, {"call.decision"}, "whether the call was accepted or rejected"},
  };
  for (const Need& need : needs) {
    const auto& mappings = p.event(need.event);
    for (std::size_t m = 0; m < mappings.size(); ++m) {
      bool brought = false;
      for (std::string_view slot : need.any_of) {
        for (const auto& [s, pointer] : mappings[m].captures) brought = brought || s == slot;
        for (const auto& [s, value] : mappings[m].set) brought = brought || s == slot;
      }
      if (brought) continue;
      Problem("/events/" + std::string(NameOf(need.event)) +
                  (mappings.size() > 1 ? "/" + std::to_string(m) : "") + "/capture",
              "brings no \"" + std::string(need.any_of.front()) + "\": " + need.what);
    }
  }
}

// The stamp travels in the text, or in a field of its own both ways: sent as {stamp} and
// captured as "stamp".
void ProfileReader::CheckStamp(const Profile& p) {
  const auto& send = p.action(Action::kMessage);
  if (!send || p.event(EventKind::kMessage).empty()) return;
  bool sent = send->fields_json.find("{stamp}") != std::string::npos;
  const bool captured = p.Brings(EventKind::kMessage, "stamp");
  if (sent && !captured) {
    Problem("/events/message/capture",
            "{stamp} is sent in a field of its own but never captured (add \"stamp\")");
  } else if (captured && !sent) {
    Problem("/actions/message/fields", "\"stamp\" is captured but never sent (add {stamp})");
  }
}

}  // namespace swarmgate
