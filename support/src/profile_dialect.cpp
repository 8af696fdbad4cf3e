// A Dialect driven by a Profile: JSON text frames with a type field (websocket), Socket.IO v4
// event packets over Engine.IO's WebSocket transport (socketio), or HTTP requests with JSON
// bodies and a poll whose answer holds a batch of such messages (http).
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "frame_template.h"
#include "json_nesting.h"
#include "profile_slots.h"
#include "swarmgate/profile.h"
#include "swarmgate_internal/json_string_sink.h"

namespace swarmgate {
namespace {

using Pointer = rapidjson::Pointer;

struct Capture {
  std::string_view Event::*field;  // null: the history (an array) or the text in its elements
  Pointer pointer;                 // no tokens: the whole payload
  bool history_text = false;       // the text inside each element of the history
};

// A field that must hold a text for the rule to apply.
struct Condition {
  Pointer pointer;
  std::string value;
};

struct EventRule {
  EventKind kind;
  std::vector<std::string> names;
  std::vector<Capture> captures;
  std::vector<Condition> conditions;
  std::vector<std::pair<std::string_view Event::*, std::string>> set;  // constants
};

// One wire form of an action: its body and, over HTTP, its request line.
struct ActionForm {
  FrameTemplate body;
  FrameTemplate path;  // http: "METHOD /path\n"
};

using PoolDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                                rapidjson::MemoryPoolAllocator<>>;
constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag;

class ProfileDialect final : public Dialect {
 public:
  explicit ProfileDialect(const Profile& p)
      : profile_(p),
        http_(p.transport == Transport::kHttp),
        socketio_(p.transport == Transport::kSocketIo),
        ns_(p.socketio_namespace == "/" ? "" : p.socketio_namespace + ","),
        poll_messages_(p.poll_messages_pointer.c_str()) {
    for (std::size_t i = 0; i < kActionCount; ++i) {
      const auto& a = profile_.actions[i];
      if (!a) continue;
      if (a->variants.empty()) {
        forms_[i].emplace_back(std::string(), FormOf(*a, i));
      } else {
        for (const auto& [value, variant] : a->variants) {
          forms_[i].emplace_back(value, FormOf(variant, i));
        }
      }
      if (a->ack_event) {
        ack_rules_[i] = EventRule{*a->ack_event, {}, CapturesOf(a->ack_captures), {}, {}};
      }
    }
    if (socketio_) {  // the namespace CONNECT, with the auth payload filled in per user
      const auto join = static_cast<std::size_t>(Action::kJoin);
      forms_[join].emplace_back(
          std::string(), ActionForm{FrameTemplate("40" + ns_ + p.socketio_auth_json, Escape::kJson,
                                                  profile_.values),
                                    {}});
      farewell_ = "41" + ns_;
    }
    for (std::size_t i = 0; i < kEventKindCount; ++i) {
      for (const EventMapping& m : profile_.events[i]) {
        EventRule rule{static_cast<EventKind>(i), m.wire_names, CapturesOf(m.captures), {}, {}};
        for (const auto& [pointer, value] : m.when) {
          rule.conditions.push_back({Pointer(pointer.c_str()), value});
        }
        for (const auto& [slot, value] : m.set) rule.set.emplace_back(CaptureField(slot), value);
        rules_.push_back(std::move(rule));
      }
    }
    // The most particular first: a wire name shared by several verbs is told apart by the
    // conditions, and the one without conditions takes what is left.
    std::stable_partition(rules_.begin(), rules_.end(),
                          [](const EventRule& r) { return !r.conditions.empty(); });
    if (!http_) connection_path_ = FrameTemplate(profile_.path, Escape::kUrl, profile_.values);
    for (const auto& [name, value] : profile_.headers) {
      connection_headers_.push_back(
          FrameTemplate(name + ": " + value + "\r\n", Escape::kHeader, profile_.values));
    }
  }

  void Encode(Action action, const ActionArgs& args, std::string* frame) const override {
    frame->clear();
    if (const ActionForm* form = FormFor(action, args)) {
      if (http_) form->path.Render(args, frame);  // "METHOD /path\n", then the body
      form->body.Render(args, frame);
    }
  }

  std::string_view MissingValue(Action action, const ActionArgs& args) const override {
    const ActionForm* form = FormFor(action, args);
    if (!form) return {};
    const std::string_view in_path = form->path.Missing(args);
    return in_path.empty() ? form->body.Missing(args) : in_path;
  }

  bool EncodeConnection(const ActionArgs& args, std::string* resource,
                        std::string* headers) const override {
    bool varies = connection_path_.varies();
    for (const FrameTemplate& h : connection_headers_) varies = varies || h.varies();
    if (!varies) return false;
    resource->clear();
    connection_path_.Render(args, resource);
    headers->clear();
    for (const FrameTemplate& h : connection_headers_) h.Render(args, headers);
    return true;
  }

  bool Decode(std::string* frame, Event* event) const override {
    *event = Event{};
    if (socketio_) return DecodeSocketIo(frame, event);
    if (JsonTooDeepAt(*frame) != std::string::npos) return Unknown(event, TooDeep());
    char value_buffer[2048];
    char stack_buffer[512];
    rapidjson::MemoryPoolAllocator<> value_alloc(value_buffer, sizeof value_buffer);
    rapidjson::MemoryPoolAllocator<> stack_alloc(stack_buffer, sizeof stack_buffer);
    PoolDocument doc(&value_alloc, sizeof stack_buffer, &stack_alloc);
    doc.ParseInsitu<kParseFlags>(frame->data());
    if (doc.HasParseError() || !doc.IsObject()) return Unknown(event, "not a JSON object");
    const auto type = doc.FindMember(profile_.type_field.c_str());
    if (type == doc.MemberEnd() || !type->value.IsString()) {
      if (http_) {  // an answer to an action that only acknowledges it
        event->kind = EventKind::kTransport;
        return true;
      }
      return Unknown(event, "no \"" + profile_.type_field + "\" field");
    }
    const rapidjson::Value* root = &doc;
    if (!profile_.payload_key.empty()) {
      const auto payload = doc.FindMember(profile_.payload_key.c_str());
      root = payload == doc.MemberEnd() ? nullptr : &payload->value;
    }
    return Map({type->value.GetString(), type->value.GetStringLength()}, root, event);
  }

  bool Unbatch(std::string* body, std::vector<std::string>* messages,
               std::string* error) const override {
    if (JsonTooDeepAt(*body) != std::string::npos) {
      *error = "a poll answer " + TooDeep();
      return false;
    }
    rapidjson::Document doc;
    doc.Parse<kParseFlags>(body->data(), body->size());
    const rapidjson::Value* list = doc.HasParseError() ? nullptr : poll_messages_.Get(doc);
    if (!list || !list->IsArray()) {
      *error = "a poll answer without an array at " + (profile_.poll_messages_pointer.empty()
                                                           ? std::string("its top")
                                                           : profile_.poll_messages_pointer);
      return false;
    }
    messages->resize(list->Size());
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      const rapidjson::Value& m = (*list)[i];
      const auto type = m.IsObject() ? m.FindMember(profile_.type_field.c_str()) : m.MemberEnd();
      if (!m.IsObject() || type == m.MemberEnd() || !type->value.IsString()) {
        *error = "a polled message without a \"" + profile_.type_field + "\" field";
        return false;
      }
      std::string& text = (*messages)[i];
      text.clear();
      internal::JsonStringSink sink{&text};
      rapidjson::Writer<internal::JsonStringSink> w(sink);
      m.Accept(w);
    }
    return true;
  }

  bool Has(Action a) const override {
    return !forms_[static_cast<std::size_t>(a)].empty() ||
           (a == Action::kLeave && profile_.leave_by_closing);
  }
  bool Announces(EventKind e) const override {
    // Socket.IO always welcomes: the namespace CONNECT acknowledgement carries the sid.
    if (e == EventKind::kWelcome && socketio_) return true;
    return profile_.Maps(e);
  }
  Matchmaking matchmaking() const override { return profile_.matchmaking; }
  bool Captures(EventKind e, std::string_view slot) const override {
    if (e == EventKind::kWelcome && socketio_ && slot == "session.id") return true;
    return profile_.Brings(e, slot);
  }
  std::string_view Farewell() const override { return farewell_; }
  bool LeavesByClosing() const override { return profile_.leave_by_closing; }
  double HeartbeatIntervalS() const override { return profile_.heartbeat_interval_s; }
  bool StampInOwnField() const override {
    const auto& message = profile_.action(Action::kMessage);
    return message && message->fields_json.find("{stamp}") != std::string::npos;
  }
  bool OverHttp() const override { return http_; }
  double PollIntervalS() const override { return profile_.poll_interval_s; }

 private:
  ActionForm FormOf(const ActionTemplate& a, std::size_t index) const {
    ActionForm form{FrameTemplate(BodyOf(a, index), Escape::kJson, profile_.values), {}};
    if (http_) {
      form.path = FrameTemplate(a.method + " " + a.path + "\n", Escape::kUrl, profile_.values);
    }
    return form;
  }

  // The wire form of an action: its only one, or the variant for the value it depends on.
  const ActionForm* FormFor(Action action, const ActionArgs& args) const {
    const auto& forms = forms_[static_cast<std::size_t>(action)];
    if (forms.size() == 1 && forms[0].first.empty()) return &forms[0].second;
    const std::string_view value =
        action == Action::kAnswerCall ? args.call_decision : args.signal_kind;
    for (const auto& [key, form] : forms) {
      if (key == value) return &form;
    }
    return nullptr;
  }

  // The frame of an action with its placeholders still in: a JSON object with the type field
  // (websocket; http when named), a Socket.IO EVENT 42/ns,<ack id>["name",{fields}], or
  // nothing (an http request without a body).
  std::string BodyOf(const ActionTemplate& a, std::size_t index) const {
    rapidjson::Document fields;
    fields.Parse(a.fields_json.empty() ? "{}" : a.fields_json.c_str());
    std::string text;
    if (http_ && a.wire_name.empty() && a.fields_json.empty()) return text;
    if (socketio_) text = "42" + ns_ + (a.ack_event ? std::to_string(index) : "");
    internal::JsonStringSink sink{&text};
    rapidjson::Writer<internal::JsonStringSink> w(sink);
    if (socketio_) {
      w.StartArray();
      w.String(a.wire_name.c_str());
      if (!a.fields_json.empty()) fields.Accept(w);
      w.EndArray();
      return text;
    }
    w.StartObject();
    if (!a.wire_name.empty()) {
      w.Key(profile_.type_field.c_str());
      w.String(a.wire_name.c_str());
    }
    if (!profile_.payload_key.empty()) {
      w.Key(profile_.payload_key.c_str());
      fields.Accept(w);
    } else {
      for (const auto& m : fields.GetObject()) {
        w.Key(m.name.GetString());
        m.value.Accept(w);
      }
    }
    w.EndObject();
    return text;
  }

  static std::vector<Capture> CapturesOf(
      const std::vector<std::pair<std::string, std::string>>& captures) {
    std::vector<Capture> out;
    for (const auto& [slot, pointer] : captures) {
      out.push_back({CaptureField(slot), Pointer(pointer.c_str()), slot == "history.text"});
    }
    // The history's array before the text inside its elements.
    std::stable_partition(out.begin(), out.end(), [](const Capture& c) { return !c.history_text; });
    return out;
  }

  // Engine.IO v4 packet types: 0 open, 1 close, 2 ping, 3 pong, 4 message, 6 noop.
  // Socket.IO v5 protocol (v4 servers) packets inside a message: 0 CONNECT, 1 DISCONNECT,
  // 2 EVENT, 3 ACK, 4 CONNECT_ERROR, 5 BINARY_EVENT, 6 BINARY_ACK; then an optional
  // "/namespace," and an optional acknowledgement id before the JSON.
  bool DecodeSocketIo(std::string* frame, Event* event) const {
    if (frame->empty()) return Unknown(event, "empty Engine.IO packet");
    switch ((*frame)[0]) {
      case '0':  // open: join the namespace
        event->kind = EventKind::kTransport;
        event->join = true;
        return true;
      case '2':  // the server's heartbeat
        event->kind = EventKind::kTransport;
        event->reply = kPong;
        return true;
      case '1':
      case '3':
      case '6':
        event->kind = EventKind::kTransport;
        return true;
      case '4':
        break;
      default:
        return Unknown(event, "unknown Engine.IO packet type");
    }
    if (frame->size() < 2) return Unknown(event, "empty Socket.IO packet");
    const char type = (*frame)[1];
    std::size_t at = 2;
    if (at < frame->size() && (*frame)[at] == '/') {  // a namespace, up to the comma
      const std::size_t comma = frame->find(',', at);
      at = comma == std::string::npos ? frame->size() : comma + 1;
    }
    const std::size_t id_at = at;
    while (at < frame->size() && (*frame)[at] >= '0' && (*frame)[at] <= '9') ++at;
    const std::string_view ns_part = std::string_view(*frame).substr(2, id_at - 2);
    const std::string_view ack_id = std::string_view(*frame).substr(id_at, at - id_at);
    if (type == '2' && !ack_id.empty()) {  // the server asks for an acknowledgement
      thread_local std::string ack;
      ack = "43";
      ack += ns_part;
      ack += ack_id;
      ack += "[]";
      event->reply = ack;
    }
    const std::size_t action =
        ack_id.size() == 1 ? static_cast<std::size_t>(ack_id[0] - '0') : kActionCount;
    if (JsonTooDeepAt(std::string_view(*frame).substr(at)) != std::string::npos) {
      return Unknown(event, TooDeep());
    }
    char value_buffer[2048];
    char stack_buffer[512];
    rapidjson::MemoryPoolAllocator<> value_alloc(value_buffer, sizeof value_buffer);
    rapidjson::MemoryPoolAllocator<> stack_alloc(stack_buffer, sizeof stack_buffer);
    PoolDocument doc(&value_alloc, sizeof stack_buffer, &stack_alloc);
    if (at < frame->size()) doc.ParseInsitu<kParseFlags>(frame->data() + at);
    const bool parsed = at < frame->size() && !doc.HasParseError();
    switch (type) {
      case '0': {                                  // CONNECT acknowledged: {"sid": ...}
        if (profile_.Maps(EventKind::kWelcome)) {  // the application welcomes later
          event->kind = EventKind::kTransport;
          return true;
        }
        event->kind = EventKind::kWelcome;
        if (parsed && doc.IsObject()) {
          const auto sid = doc.FindMember("sid");
          if (sid != doc.MemberEnd() && sid->value.IsString()) {
            event->session_id = {sid->value.GetString(), sid->value.GetStringLength()};
          }
        }
        return true;
      }
      case '2': {  // EVENT: ["name", argument, ...]
        if (!parsed || !doc.IsArray() || doc.Empty() || !doc[0].IsString()) {
          return Unknown(event, "an EVENT packet without [\"name\", ...]");
        }
        const rapidjson::Value* root = doc.Size() > 1 ? &doc[1] : nullptr;
        return Map({doc[0].GetString(), doc[0].GetStringLength()}, root, event);
      }
      case '3': {  // ACK of one of our emits: [argument, ...]
        if (action >= kActionCount || !ack_rules_[action]) {
          return Unknown(event, "an ACK with id \"" + std::string(ack_id) +
                                    "\", which no request of this profile asks for");
        }
        const rapidjson::Value* root = parsed && doc.IsArray() && !doc.Empty() ? &doc[0] : nullptr;
        return Apply(*ack_rules_[action], "acknowledgement", root, event);
      }
      case '4':
        event->kind = EventKind::kError;
        event->detail = "namespace connection refused (CONNECT_ERROR)";
        return true;
      case '1':
        return Unknown(event, "the server disconnected the namespace");
      default:
        return Unknown(event, "binary or unknown Socket.IO packet");
    }
  }

  // Maps a wire name and its payload onto an event, capturing the profile's slots.
  bool Map(std::string_view name, const rapidjson::Value* root, Event* event) const {
    for (const std::string& ignored : profile_.ignore) {
      if (ignored == name) {
        event->kind = EventKind::kTransport;
        return true;
      }
    }
    for (const EventRule& rule : rules_) {
      for (const std::string& n : rule.names) {
        if (n == name && Holds(rule.conditions, root)) return Apply(rule, name, root, event);
      }
    }
    return Unknown(event, "no verb has the wire name \"" + std::string(name) + "\"");
  }

  // A value as the text profiles compare and capture: strings (and numbers, parsed as
  // strings) as they are, true, false and null spelled out; nothing for objects and arrays.
  static std::optional<std::string_view> TextOf(const rapidjson::Value* v) {
    if (!v) return std::nullopt;
    if (v->IsString()) return std::string_view(v->GetString(), v->GetStringLength());
    if (v->IsBool()) return v->GetBool() ? "true" : "false";
    if (v->IsNull()) return "null";
    return std::nullopt;
  }

  static const rapidjson::Value* At(const Pointer& p, const rapidjson::Value* root) {
    if (!root) return nullptr;
    return p.GetTokenCount() == 0 ? root : p.Get(*root);
  }

  static bool Holds(const std::vector<Condition>& conditions, const rapidjson::Value* root) {
    for (const Condition& c : conditions) {
      const auto text = TextOf(At(c.pointer, root));
      if (!text || *text != c.value) return false;
    }
    return true;
  }

  static bool Apply(const EventRule& rule, std::string_view name, const rapidjson::Value* root,
                    Event* event) {
    event->kind = rule.kind;
    const rapidjson::Value* history = nullptr;
    for (const Capture& c : rule.captures) {
      const rapidjson::Value* v = At(c.pointer, root);
      if (c.history_text) {
        ReadHistory(history, &c.pointer, event);
        continue;
      }
      if (!c.field) {  // the history, when the server sends one
        if (!v) continue;
        if (!v->IsArray()) {
          return Unknown(event, "a \"" + std::string(name) + "\" without an array at " +
                                    PointerText(c.pointer));
        }
        history = v;
        event->has_history = true;
        continue;
      }
      const auto text = TextOf(v);
      if (!text || !v->IsString()) {
        return Unknown(event, "a \"" + std::string(name) + "\" without a string or number at " +
                                  PointerText(c.pointer));
      }
      event->*c.field = *text;
    }
    bool text_pointer = false;
    for (const Capture& c : rule.captures) text_pointer = text_pointer || c.history_text;
    if (history && !text_pointer) ReadHistory(history, nullptr, event);
    for (const auto& [field, value] : rule.set) event->*field = value;
    return true;
  }

  // The texts of the history's elements: strings as they are, objects through the
  // "history.text" pointer. An element of neither kind is left out, and said so.
  static void ReadHistory(const rapidjson::Value* history, const Pointer* text, Event* event) {
    if (!history) return;
    for (rapidjson::SizeType i = 0; i < history->Size(); ++i) {
      const rapidjson::Value& element = (*history)[i];
      const rapidjson::Value* v = element.IsString()           ? &element
                                  : text && element.IsObject() ? At(*text, &element)
                                                               : nullptr;
      if (v && v->IsString()) {
        event->history.emplace_back(v->GetString(), v->GetStringLength());
      } else if (event->history_error.empty()) {
        thread_local std::string why;
        why = "history element " + std::to_string(i) + " holds no text" +
              (text ? " at " + PointerText(*text) : std::string(" (add \"history.text\")"));
        event->history_error = why;
      }
    }
  }

  static std::string PointerText(const Pointer& p) {
    std::string out;
    for (std::size_t i = 0; i < p.GetTokenCount(); ++i) {
      out += "/" + std::string(p.GetTokens()[i].name, p.GetTokens()[i].length);
    }
    return out;
  }

  // The detail must outlive Decode: kept per thread, overwritten by the next unknown frame.
  static bool Unknown(Event* event, std::string why) {
    thread_local std::string detail;
    detail = std::move(why);
    event->kind = EventKind::kUnknown;
    event->detail = detail;
    return false;
  }

  static constexpr std::string_view kPong = "3";
  static std::string TooDeep() {
    return "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
  }
  Profile profile_;
  bool http_;
  bool socketio_;
  std::string ns_;  // "/chat," or empty for the main namespace
  Pointer poll_messages_;
  // Each action's wire forms: one (with an empty key), or one per value it depends on.
  std::array<std::vector<std::pair<std::string, ActionForm>>, kActionCount> forms_;
  std::array<std::optional<EventRule>, kActionCount> ack_rules_;  // socketio: by ack id
  std::vector<EventRule> rules_;
  FrameTemplate connection_path_;
  std::vector<FrameTemplate> connection_headers_;
  std::string farewell_;  // socketio: the namespace DISCONNECT
};

}  // namespace

std::unique_ptr<Dialect> MakeProfileDialect(const Profile& profile) {
  return std::make_unique<ProfileDialect>(profile);
}

}  // namespace swarmgate
