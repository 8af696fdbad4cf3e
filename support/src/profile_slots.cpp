#include "profile_slots.h"

namespace swarmgate {

const std::vector<Placeholder>& Placeholders() {
  static const std::vector<Placeholder> placeholders = {
      {"{user.name}", &ActionArgs::user_name},
      {"{partner.name}", &ActionArgs::partner_name},
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
  std::set<std::string_view> known = {"session.id"};
  if (a == Action::kAccept || a == Action::kMessage || a == Action::kTyping ||
      a == Action::kLeave || a == Action::kResume || a == Action::kSignal) {
    known.insert({"match.id", "partner.id", "resume.token"});  // what a match brings
  }
  if (a == Action::kMessage) known.insert({"text", "stamp"});
  if (a == Action::kSignal) known.insert({"signal.kind", "signal.data"});
  if (a == Action::kRequestCall || a == Action::kAnswerCall) known.insert("call.id");
  if (a == Action::kAnswerCall) known.insert("call.decision");
  return known;
}

bool IsSessionSlot(std::string_view slot) {
  return slot == "session.id" || slot == "match.id" || slot == "partner.id" ||
         slot == "resume.token";
}

std::set<std::string_view> CaptureSlotsFor(EventKind e) {
  std::set<std::string_view> slots = {"session.id", "match.id", "partner.id", "resume.token"};
  switch (e) {
    case EventKind::kResumed:
      slots.insert({"history", "history.text"});
      break;
    case EventKind::kMessage:
      slots.insert({"text", "stamp"});
      break;
    case EventKind::kSignal:
      slots.insert({"signal.kind", "signal.data"});
      break;
    case EventKind::kIncomingCall:
    case EventKind::kCallTimeout:
      slots.insert("call.id");
      break;
    case EventKind::kCallAnswered:
      slots.insert({"call.id", "call.decision"});
      break;
    case EventKind::kError:
      slots.insert("detail");
      break;
    default:
      break;
  }
  return slots;
}

bool WaitsForServer(std::string_view placeholder) { return IsSessionSlot(placeholder); }

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
  if (slot == "history" || slot == "history.text") return nullptr;
  return &Event::detail;
}

}  // namespace swarmgate
