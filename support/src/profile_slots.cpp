#include "profile_slots.h"

namespace swarmgate {

const std::vector<Placeholder>& Placeholders() {
  static const std::vector<Placeholder> placeholders = {
      {"{user.index}", nullptr},
      {"{user.name}", &ActionArgs::user_name},
      {"{session.id}", &ActionArgs::session_id},
      {"{match.id}", &ActionArgs::match_id},
      {"{partner.id}", &ActionArgs::partner_id},
      {"{resume.token}", &ActionArgs::resume_token},
      {"{text}", &ActionArgs::text},
      {"{stamp}", &ActionArgs::stamp},
      {"{signal.kind}", &ActionArgs::signal_kind},
      {"{signal.data}", &ActionArgs::text},
      {"{call.id}", &ActionArgs::call_id},
      {"{call.decision}", &ActionArgs::call_decision},
  };
  return placeholders;
}

std::set<std::string_view> PlaceholdersFor(Action a) {
  std::set<std::string_view> known = {"user.index", "user.name", "session.id"};
  if (a == Action::kAccept || a == Action::kMessage || a == Action::kTyping ||
      a == Action::kLeave || a == Action::kResume || a == Action::kSignal) {
    known.insert({"match.id", "partner.id", "resume.token"});
  }
  if (a == Action::kMessage) known.insert({"text", "stamp"});
  if (a == Action::kSignal) known.insert({"signal.kind", "signal.data"});
  if (a == Action::kRequestCall || a == Action::kAnswerCall) known.insert("call.id");
  if (a == Action::kAnswerCall) known.insert("call.decision");
  return known;
}

std::set<std::string_view> CaptureSlotsFor(EventKind e) {
  switch (e) {
    case EventKind::kWelcome:
    case EventKind::kIdentified:  // HTTP servers hand out the session in identify's answer
      return {"session.id"};
    case EventKind::kMatched:
      return {"match.id", "partner.id", "resume.token"};
    case EventKind::kChatStarted:
      return {"match.id"};
    case EventKind::kResumed:
      return {"match.id", "history"};
    case EventKind::kMessage:
      return {"text", "stamp"};
    case EventKind::kSignal:
      return {"signal.kind", "signal.data"};
    case EventKind::kIncomingCall:
    case EventKind::kCallTimeout:
      return {"call.id"};
    case EventKind::kCallAnswered:
      return {"call.id", "call.decision"};
    case EventKind::kError:
      return {"detail"};
    default:
      return {};
  }
}

std::vector<EventKind> SourcesOf(std::string_view placeholder) {
  if (placeholder == "session.id") return {EventKind::kWelcome, EventKind::kIdentified};
  if (placeholder == "match.id" || placeholder == "partner.id" || placeholder == "resume.token") {
    return {EventKind::kMatched};
  }
  return {};
}

std::string_view Event::*CaptureField(std::string_view slot) {
  if (slot == "session.id") return &Event::session_id;
  if (slot == "match.id") return &Event::match_id;
  if (slot == "partner.id") return &Event::partner_id;
  if (slot == "resume.token") return &Event::resume_token;
  if (slot == "text") return &Event::text;
  if (slot == "stamp") return &Event::stamp;
  if (slot == "signal.kind") return &Event::signal_kind;
  if (slot == "signal.data") return &Event::text;
  if (slot == "call.id") return &Event::call_id;
  if (slot == "call.decision") return &Event::call_decision;
  if (slot == "history") return nullptr;
  return &Event::detail;
}

}  // namespace swarmgate
