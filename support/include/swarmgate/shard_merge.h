#pragma once
// Shards merged into the row they are parts of, judged as if one process had run it:
// histograms added bucket by bucket (so every percentile is the one the union of the samples
// has), counters summed, rates recomputed from the sums, seconds aligned on the shared time
// zero, matches that ended in two shards joined, and every shard's generator check kept (one
// inconclusive shard makes the row inconclusive).

#include <optional>
#include <string>
#include <vector>

#include "swarmgate/report.h"
#include "swarmgate/shard_result.h"
#include "swarmgate/verdict.h"

namespace swarmgate {

struct MergedRow {
  ShardResult row;  // shard 0/1: the whole row's result
  Verdict verdict;
  std::vector<Figure> figures;
};

// The shards of one row (each i of N exactly once, of the same row, plan, revision and run),
// merged and judged; nullopt with one line in *errors per reason they cannot be merged.
// sources name the shards in those lines (their files), in the order of shards.
std::optional<MergedRow> MergeShards(std::vector<ShardResult> shards,
                                     const std::vector<std::string>& sources,
                                     std::vector<std::string>* errors);

// Exactly the series one swarm would have collected: each second's values added, its p95 and
// the windows' percentiles taken from the sums (each series must keep its second_values).
TimeSeries MergeSeries(const std::vector<const TimeSeries*>& parts, double elapsed_s);

}  // namespace swarmgate
