#pragma once
// SLOs as data: a team's own bounds, kept apart from the rows and laid over their thresholds
// (SWARMGATE_SLO=file, or swarmgate --slo file):
//   {"families": {"chat": ["message_latency p95 < 50ms"], "match": ["pairing_time p95 < 2s"]},
//    "rows": {"Smoke/Chat/Pairs20": ["message_latency p99 < 80ms"]}}
// A row is named as its verdict lines name it (a test's Smoke/Chat/Pairs20, a plan's
// plan/Row, the command line's family). A bound on the same metric and statistic as one of
// the row's replaces it, any other is added; a row's entry is laid over its family's. The
// report and the console say where each bound came from.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swarmgate {

struct SloFile {
  std::string source;  // the file's path
  std::map<std::string, std::vector<std::string>> families;
  std::map<std::string, std::vector<std::string>> rows;
};

// The file's bounds; nullopt with every problem in *errors, each with its JSON Pointer
// ("slo.json: /families/chat/0: threshold \"...\": a latency bound needs a unit ...").
std::optional<SloFile> LoadSlo(const std::string& path, std::vector<std::string>* errors);
std::optional<SloFile> ParseSlo(std::string_view json, const std::string& source,
                                std::vector<std::string>* errors);

// One threshold of a row, and where it came from: "row" (its own), or
// "<file> families/<family>" or "<file> rows/<row id>", with the bound it replaced, if any.
struct SourcedThreshold {
  std::string text;
  std::string source;
  std::string replaced;
};

// The row's thresholds with the SLO file's laid over them (slo may be null).
std::vector<SourcedThreshold> ApplySlo(const std::vector<std::string>& row_thresholds,
                                       const SloFile* slo, std::string_view family,
                                       const std::string& row_id);

}  // namespace swarmgate
