#include "swarmgate/dialect.h"

#include <array>

namespace swarmgate {
namespace {

constexpr std::array<std::string_view, kActionCount> kActionNames = {
    "identify", "find_match", "accept",         "message",      "typing",      "leave", "resume",
    "ping",     "signal",     "register_agent", "request_call", "answer_call", "poll",  "join"};
constexpr std::array<std::string_view, kEventKindCount> kEventNames = {
    "welcome",       "identified",    "queued",       "matched", "chat_started", "message",
    "typing",        "partner_left",  "left",         "resumed", "pong",         "signal",
    "incoming_call", "call_answered", "call_timeout", "values",  "error"};

}  // namespace

std::string_view NameOf(Action action) { return kActionNames[static_cast<std::size_t>(action)]; }

std::string_view NameOf(EventKind event) {
  const auto i = static_cast<std::size_t>(event);
  if (i < kEventKindCount) return kEventNames[i];
  return event == EventKind::kTransport ? "transport" : "unknown";
}

}  // namespace swarmgate
