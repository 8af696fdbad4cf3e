// A Dialect driven by a Profile: JSON text frames with a type field (websocket), or
// Socket.IO v4 event packets over Engine.IO's WebSocket transport (socketio).
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/writer.h>

#include <cstdio>

#include "swarmgate/profile.h"
#include "swarmgate_internal/json_string_sink.h"

namespace swarmgate {
namespace {

// A placeholder and the value it stands for; {user.index} is the one that is not text.
struct Slot {
  std::string_view name;
  std::string_view ActionArgs::*field;  // null for {user.index}
};

constexpr Slot kSlots[] = {
    {"{user.index}", nullptr},
    {"{user.name}", &ActionArgs::user_name},
    {"{session.id}", &ActionArgs::session_id},
    {"{match.id}", &ActionArgs::match_id},
    {"{partner.id}", &ActionArgs::partner_id},
    {"{resume.token}", &ActionArgs::resume_token},
    {"{text}", &ActionArgs::text},
    {"{stamp}", &ActionArgs::stamp},
};

// Appends s as the inside of a JSON string.
void AppendEscaped(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          *out += c;
        }
    }
  }
}

// A frame with holes: literal text, then a value, then literal text, ...
class FrameTemplate {
 public:
  FrameTemplate() = default;
  explicit FrameTemplate(std::string_view text) {
    std::string literal;
    for (std::size_t i = 0; i < text.size();) {
      const Slot* slot = nullptr;
      for (const Slot& candidate : kSlots) {
        if (text.compare(i, candidate.name.size(), candidate.name) == 0) slot = &candidate;
      }
      if (slot) {
        parts_.push_back({std::move(literal), slot->field});
        literal.clear();
        i += slot->name.size();
      } else {
        literal += text[i++];
      }
    }
    tail_ = std::move(literal);
  }

  void Render(const ActionArgs& a, std::string* out) const {
    out->clear();
    for (const Part& part : parts_) {
      *out += part.literal;
      if (part.field) {
        AppendEscaped(a.*part.field, out);
      } else {
        *out += std::to_string(a.user_index);
      }
    }
    *out += tail_;
  }

 private:
  struct Part {
    std::string literal;
    std::string_view ActionArgs::*field;  // the value after the literal; null: user index
  };
  std::vector<Part> parts_;
  std::string tail_;
};

using Pointer = rapidjson::Pointer;

struct Capture {
  std::string_view Event::*field;
  Pointer pointer;
};

struct EventRule {
  EventKind kind;
  std::vector<std::string> names;
  std::vector<Capture> captures;
};

std::string_view Event::*FieldOf(const std::string& slot) {
  if (slot == "session.id") return &Event::session_id;
  if (slot == "match.id") return &Event::match_id;
  if (slot == "partner.id") return &Event::partner_id;
  if (slot == "resume.token") return &Event::resume_token;
  if (slot == "text") return &Event::text;
  if (slot == "stamp") return &Event::stamp;
  return &Event::detail;
}

using PoolDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                                rapidjson::MemoryPoolAllocator<>>;
constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag;

class ProfileDialect final : public Dialect {
 public:
  explicit ProfileDialect(const Profile& p) : profile_(p) {
    const bool socketio = p.transport == Transport::kSocketIo;
    const std::string ns = p.socketio_namespace == "/" ? "" : p.socketio_namespace + ",";
    for (std::size_t i = 0; i < kActionCount; ++i) {
      const auto& a = p.actions[i];
      if (!a) continue;
      rapidjson::Document fields;
      fields.Parse(a->fields_json.empty() ? "{}" : a->fields_json.c_str());
      std::string text;
      internal::JsonStringSink sink{&text};
      rapidjson::Writer<internal::JsonStringSink> w(sink);
      if (socketio) {
        // 4 = Engine.IO message, 2 = Socket.IO EVENT: 42/ns,["name",{fields}]
        text = "42" + ns;
        w.StartArray();
        w.String(a->wire_name.c_str());
        if (!a->fields_json.empty()) fields.Accept(w);
        w.EndArray();
      } else {
        w.StartObject();
        w.Key(p.type_field.c_str());
        w.String(a->wire_name.c_str());
        if (!p.payload_key.empty()) {
          w.Key(p.payload_key.c_str());
          fields.Accept(w);
        } else {
          for (const auto& m : fields.GetObject()) {
            w.Key(m.name.GetString());
            m.value.Accept(w);
          }
        }
        w.EndObject();
      }
      templates_[i] = FrameTemplate(text);
    }
    for (std::size_t i = 0; i < kEventKindCount; ++i) {
      const auto& e = p.events[i];
      if (!e) continue;
      EventRule rule{static_cast<EventKind>(i), e->wire_names, {}};
      for (const auto& [slot, pointer] : e->captures) {
        rule.captures.push_back({FieldOf(slot), Pointer(pointer.c_str())});
      }
      rules_.push_back(std::move(rule));
    }
    connect_packet_ = "40" + ns + p.socketio_auth_json;
  }

  void Encode(Action action, const ActionArgs& args, std::string* frame) const override {
    templates_[static_cast<std::size_t>(action)].Render(args, frame);
  }

  bool Decode(std::string* frame, Event* event) const override {
    *event = Event{};
    if (profile_.transport == Transport::kSocketIo) return DecodeSocketIo(frame, event);
    char value_buffer[2048];
    char stack_buffer[512];
    rapidjson::MemoryPoolAllocator<> value_alloc(value_buffer, sizeof value_buffer);
    rapidjson::MemoryPoolAllocator<> stack_alloc(stack_buffer, sizeof stack_buffer);
    PoolDocument doc(&value_alloc, sizeof stack_buffer, &stack_alloc);
    doc.ParseInsitu<kParseFlags>(frame->data());
    if (doc.HasParseError() || !doc.IsObject()) return Unknown(event, "not a JSON object");
    const auto type = doc.FindMember(profile_.type_field.c_str());
    if (type == doc.MemberEnd() || !type->value.IsString()) {
      return Unknown(event, "no \"" + profile_.type_field + "\" field");
    }
    const rapidjson::Value* root = &doc;
    if (!profile_.payload_key.empty()) {
      const auto payload = doc.FindMember(profile_.payload_key.c_str());
      root = payload == doc.MemberEnd() ? nullptr : &payload->value;
    }
    return Map({type->value.GetString(), type->value.GetStringLength()}, root, event);
  }

  bool Has(Action a) const override {
    return profile_.action(a).has_value() || (a == Action::kLeave && profile_.leave_by_closing);
  }
  bool Announces(EventKind e) const override {
    // Socket.IO always welcomes: the namespace CONNECT acknowledgement carries the sid.
    if (e == EventKind::kWelcome && profile_.transport == Transport::kSocketIo) return true;
    return profile_.event(e).has_value();
  }
  bool LeavesByClosing() const override { return profile_.leave_by_closing; }
  double HeartbeatIntervalS() const override { return profile_.heartbeat_interval_s; }
  bool StampInOwnField() const override {
    const auto& message = profile_.action(Action::kMessage);
    return message && message->fields_json.find("{stamp}") != std::string::npos;
  }

 private:
  // Engine.IO v4 packet types: 0 open, 1 close, 2 ping, 3 pong, 4 message, 6 noop.
  // Socket.IO v5 protocol (v4 servers) packets inside a message: 0 CONNECT, 1 DISCONNECT,
  // 2 EVENT, 3 ACK, 4 CONNECT_ERROR, 5 BINARY_EVENT, 6 BINARY_ACK.
  bool DecodeSocketIo(std::string* frame, Event* event) const {
    if (frame->empty()) return Unknown(event, "empty Engine.IO packet");
    switch ((*frame)[0]) {
      case '0':  // open: join the namespace
        event->kind = EventKind::kTransport;
        event->reply = connect_packet_;
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
    while (at < frame->size() && (*frame)[at] >= '0' && (*frame)[at] <= '9') ++at;  // ack id
    char value_buffer[2048];
    char stack_buffer[512];
    rapidjson::MemoryPoolAllocator<> value_alloc(value_buffer, sizeof value_buffer);
    rapidjson::MemoryPoolAllocator<> stack_alloc(stack_buffer, sizeof stack_buffer);
    PoolDocument doc(&value_alloc, sizeof stack_buffer, &stack_alloc);
    if (at < frame->size()) doc.ParseInsitu<kParseFlags>(frame->data() + at);
    const bool parsed = at < frame->size() && !doc.HasParseError();
    switch (type) {
      case '0': {                                   // CONNECT acknowledged: {"sid": ...}
        if (profile_.event(EventKind::kWelcome)) {  // the application welcomes later
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
      case '3':
        event->kind = EventKind::kTransport;
        return true;
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
      bool named = false;
      for (const std::string& n : rule.names) named = named || n == name;
      if (!named) continue;
      event->kind = rule.kind;
      for (const Capture& c : rule.captures) {
        const rapidjson::Value* v = root ? c.pointer.Get(*root) : nullptr;
        if (!v || !v->IsString()) {
          return Unknown(event, "a \"" + std::string(name) + "\" without a string or number at " +
                                    PointerText(c.pointer));
        }
        event->*c.field = {v->GetString(), v->GetStringLength()};
      }
      return true;
    }
    return Unknown(event, "no verb has the wire name \"" + std::string(name) + "\"");
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
  Profile profile_;
  std::array<FrameTemplate, kActionCount> templates_;
  std::vector<EventRule> rules_;
  std::string connect_packet_;
};

}  // namespace

std::unique_ptr<Dialect> MakeProfileDialect(const Profile& profile) {
  return std::make_unique<ProfileDialect>(profile);
}

}  // namespace swarmgate
