#pragma once
// What one shard of a row measured, written to a file (JSON) and read back exactly: the
// serialized histograms, counters, each second's values, generator health, the sides of
// matches that ended in another shard, and what the merge needs to judge the row as one
// (its thresholds and where they came from, the row's parameters, the run's context).
//   swarmgate chat --pairs 3000 --shard 0/3 --start-at 2026-12-02T12:00:00Z   (one per shard)
//   swarmgate merge reports/*.shard-*.json                                     (shard_merge.h)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "swarmgate/shard.h"
#include "swarmgate/slo.h"
#include "swarmgate/swarm.h"
#include "swarmgate/verdict.h"

namespace swarmgate {

class Secrets;

struct ShardResult {
  static constexpr int kFormatVersion = 1;

  ShardSpec shard;
  std::string row_id;     // "Plan/example/ChatPairs10"
  std::string test_name;  // the report's "test"
  std::string plan;       // "example.json fnv1a64:..." or "command line": shards of one plan
  std::string row_json;   // the row's parameters, as the report writes them
  std::int64_t start_unix_us = 0;  // time zero on the wall clock (shared by the shards)
  std::vector<std::pair<std::string, std::string>> context;          // revision, host, target, ...
  std::vector<std::pair<std::string, SourcedThreshold>> thresholds;  // by row id
  NotApplicable not_applicable;  // metrics the server cannot show, and why
  std::vector<std::string> notes;
  std::vector<std::string> server_problems;  // the bundled server died, ... (as violations)
  RunResult result;  // this shard's; generator_problems are its own generator check

  // A context value ("" when absent).
  std::string Context(std::string_view key) const;
};

// The file's text. Secrets were taken out where the values were made (error samples, lines).
std::string RenderShardResult(const ShardResult& shard);

// The shard result in text read from source; nullopt with one line in *errors naming the
// source and the JSON Pointer of what is wrong.
std::optional<ShardResult> ParseShardResult(std::string_view text, const std::string& source,
                                            std::vector<std::string>* errors);
std::optional<ShardResult> LoadShardResult(const std::string& path,
                                           std::vector<std::string>* errors);

// FNV-1a, 64 bits, as 16 hex digits: tells plans apart by content.
std::string Fnv1a64Hex(std::string_view bytes);

}  // namespace swarmgate
