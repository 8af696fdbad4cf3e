#pragma once
// Reads a profile's JSON into a Profile, reporting every problem at once with its JSON
// Pointer. One reader, its parts in their own files: the top level and ParseProfile
// (profile.cpp), actions (profile_actions.cpp), events (profile_events.cpp), and the checks
// across parts once all is read (profile_checks.cpp).

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_file.h"
#include "swarmgate/profile.h"

namespace swarmgate {

using Pairs = std::vector<std::pair<std::string, std::string>>;

class ProfileReader {
 public:
  ProfileReader(std::string source, std::vector<std::string>* errors)
      : source_(std::move(source)), errors_(errors) {}

  std::optional<Profile> Read(std::string_view json);

 private:
  // One problem: `<source>: <pointer>: <what>`.
  void Problem(const std::string& pointer, const std::string& what);
  // Reports keys of `object` (at `at`) outside `allowed`.
  void OnlyKeys(const rapidjson::Value& object, const std::string& at,
                const std::vector<std::string_view>& allowed);
  std::optional<std::string> String(const rapidjson::Value& object, const char* key,
                                    const std::string& at, bool required);
  // {"name": "value", ...} with string values (headers, conditions, constants).
  Pairs StringPairs(const rapidjson::Value& object, const std::string& at);

  // profile.cpp
  void ReadTopLevel(const rapidjson::Value& doc, Profile* p);
  void ReadMatchmaking(const rapidjson::Value& doc, Profile* p);
  void ReadValues(const rapidjson::Value& values, Profile* p);
  void ReadPoll(const rapidjson::Value& poll, Profile* p);
  // profile_actions.cpp
  void ReadActions(const rapidjson::Value& actions, Profile* p);
  std::optional<ActionTemplate> ReadAction(const rapidjson::Value& action, Action verb,
                                           const std::string& at, const Profile& p,
                                           bool in_variant);
  void ReadHttpRequest(const rapidjson::Value& object, const std::string& at,
                       const char* default_method, ActionTemplate* t);
  void ReadAck(const rapidjson::Value& action, const std::string& at, ActionTemplate* t);
  // profile_events.cpp
  void ReadEvents(const rapidjson::Value& events, Profile* p);
  std::optional<EventMapping> ReadMapping(const rapidjson::Value& mapping, EventKind verb,
                                          const std::string& at);
  void ReadCaptures(const rapidjson::Value& capture, EventKind verb, const std::string& at,
                    Pairs* out);
  void ReadSet(const rapidjson::Value& set, EventKind verb, const std::string& at, Pairs* out);
  void CheckWireNames(const Profile& p);
  // profile_checks.cpp
  void CheckPlaceholders(const rapidjson::Value& doc, const Profile& p);
  void CheckConnectionPlaceholders(const rapidjson::Value& doc, const Profile& p);
  void CheckEventsBringWhatFlowsNeed(const Profile& p);
  void CheckStamp(const Profile& p);

  std::string source_;
  std::vector<std::string>* errors_;
  int problems_ = 0;
};

// The JSON text of a value (a profile's fields object, kept with its placeholders).
std::string ToJson(const rapidjson::Value& v);

// Every "{...}" in the strings of a JSON value, with the JSON Pointer where it was found.
void CollectPlaceholders(const rapidjson::Value& v, const std::string& at, Pairs* out);

}  // namespace swarmgate
