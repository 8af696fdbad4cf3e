#pragma once
// Checks across a parsed profile, once every part has been read: each placeholder an action
// uses is one the flow can fill there and, where its value comes from the server, some event
// captures it; a stamp sent in a field of its own is captured too, and the other way round.

#include <rapidjson/document.h>

#include <functional>
#include <string>
#include <string_view>

#include "swarmgate/profile.h"

namespace swarmgate {

// Reports one problem: the JSON Pointer it is at, and what is wrong there.
using ProfileProblem = std::function<void(const std::string& pointer, const std::string& what)>;

// doc is the profile's JSON, p what was read from it.
void CheckPlaceholders(const rapidjson::Value& doc, const Profile& p,
                       const ProfileProblem& problem);
void CheckStamp(const Profile& p, const ProfileProblem& problem);

// A key as a JSON Pointer token (RFC 6901): "~" as "~0", "/" as "~1".
std::string PointerToken(std::string_view key);

}  // namespace swarmgate
