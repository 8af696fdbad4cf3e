#pragma once
// The names a profile gives the values a flow knows: placeholders in what an action sends
// ("{match.id}") and slots in what an event brings ("match.id"); which action may use which
// placeholder, which event may bring which slot, and which placeholders wait for a value the
// server sends. One table for profile validation and for the dialect that fills them.

#include <set>
#include <string_view>
#include <vector>

#include "swarmgate/dialect.h"

namespace swarmgate {

// A placeholder ("{match.id}") and the ActionArgs member it stands for. Besides these:
// {user.index}, {partner.index}, and {user.<value>} / {partner.<value>} for a profile's
// per-user values.
struct Placeholder {
  std::string_view text;
  std::string_view ActionArgs::*field;
};
const std::vector<Placeholder>& Placeholders();

// The placeholders (without braces) an action may use: what the flow knows when it sends it,
// besides the user's and (in swarm matchmaking) the partner's own values.
std::set<std::string_view> PlaceholdersFor(Action action);
// The slots of the session, which any event may bring: session.id, match.id, partner.id,
// resume.token.
bool IsSessionSlot(std::string_view slot);
// The slots an event may capture or set: the session's and its own.
std::set<std::string_view> CaptureSlotsFor(EventKind event);
// Whether a placeholder's value comes from the server, so that an action using it waits
// until some event brought it (the session's slots).
bool WaitsForServer(std::string_view placeholder);
// The Event member a slot fills; null for "history" and "history.text" (an array).
std::string_view Event::*CaptureField(std::string_view slot);

}  // namespace swarmgate
