#include "swarmgate/shard.h"

#include <charconv>

namespace swarmgate {

std::string ShardSpec::ToString() const {
  return std::to_string(index) + "/" + std::to_string(count);
}

std::optional<ShardSpec> ParseShard(std::string_view text, std::string* error) {
  constexpr int kMaxShards = 10000;
  const std::string quoted = "\"" + std::string(text) + "\"";
  const std::size_t slash = text.find('/');
  ShardSpec s;
  const auto whole = [](std::string_view part, int* out) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), *out);
    return !part.empty() && ec == std::errc() && end == part.data() + part.size();
  };
  if (slash == std::string_view::npos || !whole(text.substr(0, slash), &s.index) ||
      !whole(text.substr(slash + 1), &s.count)) {
    *error = quoted + " is not a shard: give i/N, shard i (from 0) of N, e.g. 0/3";
    return std::nullopt;
  }
  if (s.count < 1 || s.count > kMaxShards) {
    *error = quoted + ": the number of shards is 1 .. " + std::to_string(kMaxShards);
    return std::nullopt;
  }
  if (s.index < 0 || s.index >= s.count) {
    *error = quoted + ": the index is 0 .. " + std::to_string(s.count - 1);
    return std::nullopt;
  }
  return s;
}

}  // namespace swarmgate
