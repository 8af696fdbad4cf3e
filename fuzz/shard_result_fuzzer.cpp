// A shard's result file (swarmgate merge): read and checked, and when valid, merged with a
// copy of itself as the other half of a row, so that the merge sees every value it holds.
#include "fuzz_input.h"
#include "swarmgate/shard_merge.h"
#include "swarmgate/shard_result.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  std::vector<std::string> errors;
  std::optional<ShardResult> shard = ParseShardResult(fuzz::AsText(data, size), "s.json", &errors);
  if (!shard) return 0;
  ShardResult other = *shard;
  shard->shard = {0, 2};
  other.shard = {1, 2};
  std::optional<MergedRow> merged = MergeShards({*shard, other}, {"a", "b"}, &errors);
  return merged && merged->row.shard.count != 1;  // never
}
