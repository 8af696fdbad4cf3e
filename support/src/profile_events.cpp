// The "events" part of a profile: for each verb the server sends, the wire names that stand
// for it, what they bring (captures and constants) and when they apply (conditions).
#include <rapidjson/pointer.h>

#include <map>

#include "profile_reader.h"
#include "profile_slots.h"

namespace swarmgate {
namespace {

std::vector<std::string_view> EventNames() {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    names.push_back(NameOf(static_cast<EventKind>(i)));
  }
  return names;
}

// A JSON Pointer into an event's payload: "" is the whole payload.
bool IsPointer(const rapidjson::Value& v) {
  if (!v.IsString()) return false;
  const std::string_view s(v.GetString(), v.GetStringLength());
  return s.empty() || (s[0] == '/' && rapidjson::Pointer(v.GetString()).IsValid());
}

std::string List(const std::set<std::string_view>& items) {
  std::string out;
  for (std::string_view s : items) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

}  // namespace

void ProfileReader::ReadEvents(const rapidjson::Value& events, Profile* p) {
  OnlyKeys(events, "/events", EventNames());
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    const auto verb = static_cast<EventKind>(i);
    const std::string at = "/events/" + std::string(NameOf(verb));
    const auto it = events.FindMember(NameOf(verb).data());
    if (it == events.MemberEnd() || it->value.IsNull()) continue;  // never sent
    if (it->value.IsArray()) {  // several mappings: one verb in several wire forms
      if (it->value.Empty()) Problem(at, "expected a mapping or a non-empty array of mappings");
      for (rapidjson::SizeType n = 0; n < it->value.Size(); ++n) {
        if (auto m = ReadMapping(it->value[n], verb, at + "/" + std::to_string(n))) {
          p->events[i].push_back(std::move(*m));
        }
      }
    } else if (auto m = ReadMapping(it->value, verb, at)) {
      p->events[i].push_back(std::move(*m));
    }
  }
  CheckWireNames(*p);
}

std::optional<EventMapping> ProfileReader::ReadMapping(const rapidjson::Value& mapping,
                                                       EventKind verb, const std::string& at) {
  if (!mapping.IsObject()) {
    Problem(at, "expected {\"names\": [...], \"capture\": {...}}");
    return std::nullopt;
  }
  OnlyKeys(mapping, at, {"names", "capture", "when", "set"});
  EventMapping m;
  const auto names = mapping.FindMember("names");
  if (names == mapping.MemberEnd() || !names->value.IsArray() || names->value.Empty()) {
    Problem(at + "/names", "expected a non-empty array of wire names");
  } else {
    for (rapidjson::SizeType n = 0; n < names->value.Size(); ++n) {
      if (!names->value[n].IsString() || names->value[n].GetStringLength() == 0) {
        Problem(at + "/names/" + std::to_string(n), "expected a non-empty string");
      } else {
        m.wire_names.emplace_back(names->value[n].GetString());
      }
    }
  }
  if (const auto capture = mapping.FindMember("capture"); capture != mapping.MemberEnd()) {
    ReadCaptures(capture->value, verb, at + "/capture", &m.captures);
  }
  if (const auto when = mapping.FindMember("when"); when != mapping.MemberEnd()) {
    if (!when->value.IsObject() || when->value.ObjectEmpty()) {
      Problem(at + "/when", "expected an object of JSON Pointers to the text they must hold");
    } else {
      for (const auto& c : when->value.GetObject()) {
        const std::string pointer = c.name.GetString();
        const std::string where = at + "/when/" + PointerToken(pointer);
        if (pointer.empty() || pointer[0] != '/' ||
            !rapidjson::Pointer(pointer.c_str()).IsValid()) {
          Problem(where, "expected a JSON Pointer such as \"/reason\" as the key");
        } else if (!c.value.IsString()) {
          Problem(where, "expected the text the field must hold (\"true\" for true)");
        } else {
          m.when.emplace_back(pointer, c.value.GetString());
        }
      }
    }
  }
  if (const auto set = mapping.FindMember("set"); set != mapping.MemberEnd()) {
    ReadSet(set->value, verb, at + "/set", &m.set);
  }
  return m;
}

void ProfileReader::ReadCaptures(const rapidjson::Value& capture, EventKind verb,
                                 const std::string& at, Pairs* out) {
  if (!capture.IsObject()) {
    Problem(at, "expected an object of slots to JSON Pointers");
    return;
  }
  const std::set<std::string_view> slots = CaptureSlotsFor(verb);
  for (const auto& c : capture.GetObject()) {
    const std::string slot = c.name.GetString();
    const std::string where = at + "/" + PointerToken(slot);
    if (slots.count(slot) == 0) {
      Problem(where,
              "this event cannot capture \"" + slot + "\" (it captures " + List(slots) + ")");
    } else if (!IsPointer(c.value)) {
      Problem(where, "expected a JSON Pointer such as \"/match_id\" (\"\" for the whole argument)");
    } else {
      out->emplace_back(slot, c.value.GetString());
    }
  }
  bool history = false, history_text = false;
  for (const auto& [slot, pointer] : *out) {
    history = history || slot == "history";
    history_text = history_text || slot == "history.text";
  }
  if (history_text && !history) {
    Problem(at + "/history.text", "the text inside each element of \"history\", which is missing");
  }
}

void ProfileReader::ReadSet(const rapidjson::Value& set, EventKind verb, const std::string& at,
                            Pairs* out) {
  std::set<std::string_view> slots = CaptureSlotsFor(verb);
  slots.erase("history");
  slots.erase("history.text");
  for (auto& [slot, value] : StringPairs(set, at)) {
    const std::string where = at + "/" + PointerToken(slot);
    if (slots.count(slot) == 0) {
      Problem(where, "this event cannot set \"" + slot + "\" (it may set " + List(slots) + ")");
    } else if (slot == "signal.kind" && value != "offer" && value != "answer" && value != "ice") {
      Problem(where, "expected offer, answer or ice");
    } else if (slot == "call.decision" && value != "accept" && value != "reject") {
      Problem(where, "expected accept or reject");
    } else {
      out->emplace_back(std::move(slot), std::move(value));
    }
  }
}

// A wire name may stand for several verbs, or several mappings of one, where conditions tell
// them apart: at most one of its mappings goes without "when", and an ignored name stands
// for nothing.
void ProfileReader::CheckWireNames(const Profile& p) {
  std::map<std::string, std::string> unconditional;  // wire name -> where it was first given
  for (const std::string& name : p.ignore) unconditional.emplace(name, "/ignore");
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    const auto& mappings = p.events[i];
    for (std::size_t m = 0; m < mappings.size(); ++m) {
      const std::string at = "/events/" + std::string(NameOf(static_cast<EventKind>(i))) +
                             (mappings.size() > 1 ? "/" + std::to_string(m) : "");
      for (std::size_t n = 0; n < mappings[m].wire_names.size(); ++n) {
        const std::string& name = mappings[m].wire_names[n];
        const std::string where = at + "/names/" + std::to_string(n);
        const auto first = unconditional.find(name);
        if (first != unconditional.end() && first->second == "/ignore") {
          Problem(where, "\"" + name + "\" is ignored (/ignore)");
        } else if (mappings[m].when.empty()) {
          if (first != unconditional.end()) {
            Problem(where, "\"" + name + "\" is already mapped at " + first->second +
                               " (add \"when\" to tell the two apart)");
          } else {
            unconditional.emplace(name, where);
          }
        }
      }
    }
  }
}

}  // namespace swarmgate
