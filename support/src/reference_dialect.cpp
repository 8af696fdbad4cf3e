// The reference server's protocol: {"type": ...} JSON text frames (DESIGN §7).
#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <cstring>

#include "swarmgate/dialect.h"
#include "swarmgate_internal/json_string_sink.h"

namespace swarmgate {
namespace {

using StringSink = internal::JsonStringSink;

std::string_view StringField(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

class ReferenceDialect final : public Dialect {
 public:
  void Encode(Action action, const ActionArgs& args, std::string* frame) const override {
    frame->clear();
    if (action == Action::kPoll) return;  // an HTTP transport's; this protocol pushes
    StringSink sink{frame};
    rapidjson::Writer<StringSink> w(sink);
    auto key_value = [&w](const char* key, std::string_view value) {
      w.Key(key);
      w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    };
    w.StartObject();
    switch (action) {
      case Action::kIdentify:
        key_value("type", "set_fingerprint");
        key_value("fingerprint", args.user_name);
        break;
      case Action::kFindMatch:
        key_value("type", "find_match");
        w.Key("interests");
        w.StartArray();
        w.String("swarmgate");
        w.EndArray();
        break;
      case Action::kAccept:
        key_value("type", "accept_match");
        key_value("match_id", args.match_id);
        break;
      case Action::kMessage:
        key_value("type", "message");
        key_value("text", args.text);
        break;
      case Action::kTyping:
        key_value("type", "typing");
        break;
      case Action::kLeave:
        key_value("type", "end_chat");
        break;
      case Action::kResume:
        key_value("type", "resume");
        key_value("token", args.resume_token);
        break;
      case Action::kPing:
        key_value("type", "ping");
        break;
      case Action::kSignal:
        key_value("type", "signal");
        key_value("kind", args.signal_kind);
        key_value("data", args.text);
        break;
      case Action::kRegisterAgent:
        key_value("type", "register_agent");
        break;
      case Action::kRequestCall:
        key_value("type", "request_call");
        key_value("call_id", args.call_id);
        break;
      case Action::kAnswerCall:
        key_value("type", "answer_call");
        key_value("call_id", args.call_id);
        key_value("decision", args.call_decision);
        break;
      case Action::kPoll:
        break;
    }
    w.EndObject();
  }

  bool Decode(std::string* frame, Event* event) const override {
    *event = Event{};
    // Small frames parse with no heap allocation: values and the parse stack live here.
    char value_buffer[2048];
    char stack_buffer[512];
    rapidjson::MemoryPoolAllocator<> value_alloc(value_buffer, sizeof value_buffer);
    rapidjson::MemoryPoolAllocator<> stack_alloc(stack_buffer, sizeof stack_buffer);
    rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                               rapidjson::MemoryPoolAllocator<>>
        doc(&value_alloc, sizeof stack_buffer, &stack_alloc);
    doc.ParseInsitu(frame->data());
    if (doc.HasParseError() || !doc.IsObject()) return Unknown(event, "not a JSON object");
    const std::string_view type = StringField(doc, "type");
    if (type.empty()) return Unknown(event, "no \"type\" field");

    if (type == "message") {
      event->kind = EventKind::kMessage;
      event->text = StringField(doc, "text");
    } else if (type == "typing") {
      event->kind = EventKind::kTyping;
    } else if (type == "signal") {
      event->kind = EventKind::kSignal;
      event->signal_kind = StringField(doc, "kind");
      event->text = StringField(doc, "data");
    } else if (type == "incoming_call") {
      event->kind = EventKind::kIncomingCall;
      event->call_id = StringField(doc, "call_id");
    } else if (type == "call_timeout" || type == "call_cancelled") {  // to visitor, to agent
      event->kind = EventKind::kCallTimeout;
      event->call_id = StringField(doc, "call_id");
    } else if (type == "call_answered") {
      event->kind = EventKind::kCallAnswered;
      event->call_id = StringField(doc, "call_id");
      event->call_decision = StringField(doc, "decision");
    } else if (type == "connected") {
      event->kind = EventKind::kWelcome;
      event->session_id = StringField(doc, "session_id");
    } else if (type == "fingerprint_set") {
      event->kind = EventKind::kIdentified;
    } else if (type == "queued") {
      event->kind = EventKind::kQueued;
    } else if (type == "match_found") {
      event->kind = EventKind::kMatched;
      event->match_id = StringField(doc, "match_id");
      event->partner_id = StringField(doc, "partner_id");
      event->resume_token = StringField(doc, "resume_token");
      if (event->match_id.empty()) return Unknown(event, "match_found without match_id");
    } else if (type == "chat_started") {
      event->kind = EventKind::kChatStarted;
      event->match_id = StringField(doc, "match_id");
    } else if (type == "chat_ended") {
      event->kind =
          StringField(doc, "reason") == "you_left" ? EventKind::kLeft : EventKind::kPartnerLeft;
    } else if (type == "partner_left") {
      event->kind = EventKind::kPartnerLeft;
    } else if (type == "resumed") {
      event->kind = EventKind::kResumed;
      event->match_id = StringField(doc, "match_id");
      const auto history = doc.FindMember("history");
      if (history != doc.MemberEnd() && history->value.IsArray()) {
        event->has_history = true;
        for (const auto& text : history->value.GetArray()) {
          if (text.IsString())
            event->history.emplace_back(text.GetString(), text.GetStringLength());
        }
      }
    } else if (type == "agent_registered") {
      event->kind = EventKind::kTransport;  // only an acknowledgement
    } else if (type == "pong") {
      event->kind = EventKind::kPong;
    } else if (type == "error") {
      event->kind = EventKind::kError;
      event->detail = StringField(doc, "code");
    } else {
      return Unknown(event, "unknown type");
    }
    return true;
  }

 private:
  static bool Unknown(Event* event, std::string_view why) {
    event->kind = EventKind::kUnknown;
    event->detail = why;
    return false;
  }
};

}  // namespace

std::unique_ptr<Dialect> MakeReferenceDialect() { return std::make_unique<ReferenceDialect>(); }

}  // namespace swarmgate
