#pragma once
// The names a profile gives the values a flow knows: placeholders in what an action sends
// ("{match.id}") and capture slots in what an event brings ("match.id"); which action may use
// which placeholder, which event may capture which slot, and which events can provide a
// placeholder's value. One table for profile validation and for the dialect that fills them.

#include <set>
#include <string_view>
#include <vector>

#include "swarmgate/dialect.h"

namespace swarmgate {

// A placeholder ("{match.id}") and the ActionArgs member it stands for; {user.index} is the
// one that is not text (a null member).
struct Placeholder {
  std::string_view text;
  std::string_view ActionArgs::*field;
};
const std::vector<Placeholder>& Placeholders();

// The placeholders (without braces) an action may use: what the flow knows when it sends it.
std::set<std::string_view> PlaceholdersFor(Action action);
// The slots an event may capture.
std::set<std::string_view> CaptureSlotsFor(EventKind event);
// The events one of which must capture a placeholder's value before an action can use it;
// empty for values the flow has of its own (user.name, text, ...).
std::vector<EventKind> SourcesOf(std::string_view placeholder);
// The Event member a capture slot fills; null for "history", an array of message texts.
std::string_view Event::*CaptureField(std::string_view slot);

}  // namespace swarmgate
