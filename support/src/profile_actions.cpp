// The "actions" part of a profile: for each verb the flow sends, its wire form.
#include <array>

#include "profile_reader.h"
#include "profile_slots.h"

namespace swarmgate {
namespace {

constexpr std::array<std::string_view, 5> kHttpMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};

// The verbs a profile maps under "actions" (poll is top-level; join is the transport's).
std::vector<std::string_view> MappableActions() {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < kActionCount; ++i) {
    const auto a = static_cast<Action>(i);
    if (a != Action::kPoll && a != Action::kJoin) names.push_back(NameOf(a));
  }
  return names;
}

// The values an action's wire form may depend on (its "variants"), by verb.
std::vector<std::string_view> VariantsOf(Action verb) {
  if (verb == Action::kSignal) return {"offer", "answer", "ice"};
  if (verb == Action::kAnswerCall) return {"accept", "reject"};
  return {};
}

}  // namespace

void ProfileReader::ReadActions(const rapidjson::Value& actions, Profile* p) {
  OnlyKeys(actions, "/actions", MappableActions());
  for (std::string_view name : MappableActions()) {
    Action verb = Action::kIdentify;
    for (std::size_t i = 0; i < kActionCount; ++i) {
      if (NameOf(static_cast<Action>(i)) == name) verb = static_cast<Action>(i);
    }
    const std::string at = "/actions/" + std::string(name);
    const auto it = actions.FindMember(name.data());
    if (it == actions.MemberEnd() || it->value.IsNull()) continue;  // the server has no such step
    if (verb == Action::kLeave && it->value.IsString() &&
        std::string_view(it->value.GetString()) == "close") {
      p->leave_by_closing = true;
      continue;
    }
    if (auto t = ReadAction(it->value, verb, at, *p, false)) {
      p->actions[static_cast<std::size_t>(verb)] = std::move(*t);
    }
  }
}

std::optional<ActionTemplate> ProfileReader::ReadAction(const rapidjson::Value& action, Action verb,
                                                        const std::string& at, const Profile& p,
                                                        bool in_variant) {
  const bool http = p.transport == Transport::kHttp;
  const char* shape = http ? "{\"method\": ..., \"path\": ..., \"fields\": {...}}"
                           : "{\"name\": ..., \"fields\": {...}}";
  if (!action.IsObject()) {
    Problem(at, "expected " + std::string(shape) +
                    (verb == Action::kLeave && !in_variant ? ", \"close\" or null" : " or null"));
    return std::nullopt;
  }
  ActionTemplate t;
  const std::vector<std::string_view> values = VariantsOf(verb);
  if (const auto variants = action.FindMember("variants"); variants != action.MemberEnd()) {
    std::string list;
    for (std::string_view v : values) list += (list.empty() ? "" : ", ") + std::string(v);
    OnlyKeys(action, at, {"variants"});
    if (values.empty() || in_variant) {
      Problem(at + "/variants",
              "only signal (by signal.kind) and answer_call (by call.decision) "
              "have variants");
      return std::nullopt;
    }
    if (!variants->value.IsObject()) {
      Problem(at + "/variants", "expected an object of " + list + " to actions");
      return std::nullopt;
    }
    OnlyKeys(variants->value, at + "/variants", values);
    for (std::string_view v : values) {
      const std::string where = at + "/variants/" + std::string(v);
      const auto one = variants->value.FindMember(v.data());
      if (one == variants->value.MemberEnd()) {
        Problem(where, "missing (every one of " + list + " needs its wire form)");
      } else if (auto variant = ReadAction(one->value, verb, where, p, true)) {
        t.variants.emplace_back(std::string(v), std::move(*variant));
      }
    }
    return t;
  }
  if (http) {
    OnlyKeys(action, at, {"method", "path", "name", "fields"});
    ReadHttpRequest(action, at, "POST", &t);
    t.wire_name = String(action, "name", at, false).value_or("");
    if ((t.method == "GET" || t.method == "DELETE") &&
        (!t.wire_name.empty() || action.HasMember("fields"))) {
      Problem(at, "a " + t.method + " request has no body (put values in the path)");
    }
  } else {
    if (p.transport == Transport::kSocketIo && !in_variant) {
      OnlyKeys(action, at, {"name", "fields", "ack", "variants"});
      ReadAck(action, at, &t);
    } else {
      OnlyKeys(action, at, {"name", "fields", "variants"});
    }
    t.wire_name = String(action, "name", at, true).value_or("");
  }
  if (const auto fields = action.FindMember("fields"); fields != action.MemberEnd()) {
    if (!fields->value.IsObject()) {
      Problem(at + "/fields", "expected an object");
    } else {
      t.fields_json = ToJson(fields->value);
    }
  }
  return t;
}

void ProfileReader::ReadHttpRequest(const rapidjson::Value& object, const std::string& at,
                                    const char* default_method, ActionTemplate* t) {
  t->method = String(object, "method", at, false).value_or(default_method);
  bool known = false;
  for (std::string_view m : kHttpMethods) known = known || m == t->method;
  if (!known) Problem(at + "/method", "expected GET, POST, PUT, PATCH or DELETE");
  t->path = String(object, "path", at, true).value_or("/");
  if (t->path[0] != '/') Problem(at + "/path", "expected a path starting with /");
  if (t->path.find_first_of(" \r\n") != std::string::npos) {
    Problem(at + "/path", "a path cannot hold spaces or line breaks");
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
    if (t->ack_event) {
      ReadCaptures(capture->value, *t->ack_event, where + "/capture", &t->ack_captures);
    }
  }
}

}  // namespace swarmgate
