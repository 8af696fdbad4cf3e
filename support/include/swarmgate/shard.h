#pragma once
// A shard: one of N parts of a row's users, run by its own process (here or on another
// machine) and merged afterwards (shard_result.h). Users go to shards by pair, so that the
// two sides of a pair the swarm makes (users 2k and 2k + 1) share one process and one clock;
// every user keeps its index, and so its intended times in the whole row's schedule.

#include <optional>
#include <string>
#include <string_view>

namespace swarmgate {

struct ShardSpec {
  int index = 0;  // 0 .. count - 1
  int count = 1;

  bool sharded() const { return count > 1; }
  // Whether user `user` of the row is this shard's: pair user / 2 goes to shard pair % count.
  bool Has(int user) const { return (user / 2) % count == index; }
  std::string ToString() const;  // "1/3"
};

// "i/N" with 0 <= i < N <= 10000; nullopt with *error set ("\"3/3\": the index is 0 .. 2").
std::optional<ShardSpec> ParseShard(std::string_view text, std::string* error);

}  // namespace swarmgate
