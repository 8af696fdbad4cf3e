#pragma once
// Plans: rows written as data, so that a team keeps its own tiers without C++. A plan is a
// JSON file of rows, each a family and its parameters under the command line's names:
//   {"rows": [
//     {"name": "Pairs100", "family": "chat", "pairs": 100, "ramp": "10s",
//      "chat-duration": "30s", "thresholds": ["message_latency p95 < 50ms"],
//      "alongside": [{"name": "Idle", "family": "saturate", "connections": 200,
//                     "hold": "40s"}]}]}
// A list parameter takes the plural of its flag's name ("thresholds", "paths",
// "server-faults") and an array. Checked like profiles: every problem at once, each with its
// JSON Pointer; unknown keys are errors.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "swarmgate/load_spec.h"

namespace swarmgate {

struct PlannedRow {
  std::string family;  // as the command line names it
  LoadSpec row;
};

struct Plan {
  std::string source;  // the file's path
  std::vector<PlannedRow> rows;
};

// The plan in the file at path; nullopt with every problem in *errors, one line each
// ("<path>: /rows/0/pairs: \"x\" is not a whole number of pairs").
std::optional<Plan> LoadPlan(const std::string& path, std::vector<std::string>* errors);
std::optional<Plan> ParsePlan(std::string_view json, const std::string& source,
                              std::vector<std::string>* errors);

}  // namespace swarmgate
