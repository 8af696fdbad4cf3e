#include "swarmgate/shard_merge.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "pair_analysis.h"
#include "series_collector.h"

namespace swarmgate {
namespace {

// One gauge of every shard, summed at the seconds where every shard has a sample (a sum with
// a shard missing would read as a drop).
GaugeSeries SumGauges(const std::vector<const GaugeSeries*>& parts) {
  std::map<long, std::pair<std::size_t, double>> by_second;  // second -> (shards, sum)
  for (const GaugeSeries* g : parts) {
    std::set<long> seen;
    for (std::size_t i = 0; i < g->t_s.size(); ++i) {
      const long second = std::lround(g->t_s[i]);
      if (!seen.insert(second).second) continue;
      auto& [shards, sum] = by_second[second];
      ++shards;
      sum += g->value[i];
    }
  }
  GaugeSeries out;
  for (const auto& [second, entry] : by_second) {
    if (entry.first == parts.size()) out.Add(static_cast<double>(second), entry.second);
  }
  return out;
}

std::string Sharding(const ShardResult& s, const std::string& source) {
  return "shard " + s.shard.ToString() + " (" + source + ")";
}

}  // namespace

TimeSeries MergeSeries(const std::vector<const TimeSeries*>& parts, double elapsed_s) {
  const TimeSeries& first = *parts.front();
  // The collector one swarm uses, fed each second's sums as if by one thread: the same
  // windows, the same percentiles.
  SeriesCollector collector(first.followed, 1, first.window_s, true);
  std::size_t seconds = 0;
  for (const TimeSeries* p : parts) seconds = std::max(seconds, p->seconds.size());
  for (std::size_t k = 0; k < seconds; ++k) {
    ThreadSecond sum;
    std::vector<Histogram> values(first.followed.size());
    for (const TimeSeries* p : parts) {
      if (k >= p->seconds.size()) continue;
      const SecondPoint& point = p->seconds[k];
      sum.open_connections += point.open_connections;
      sum.counters[static_cast<std::size_t>(Counter::kConnectAttempts)] += point.connects;
      sum.counters[static_cast<std::size_t>(Counter::kMatchSuccess)] += point.matches;
      // Errors are one sum of several counters in a point: any one of them carries it.
      sum.counters[static_cast<std::size_t>(Counter::kConnectFailures)] += point.errors;
      if (k >= p->second_values.size()) continue;
      for (std::size_t m = 0; m < values.size() && m < p->second_values[k].size(); ++m) {
        for (const auto& [value, count] : p->second_values[k][m]) values[m].Record(value, count);
      }
    }
    for (const Histogram& h : values) sum.values.push_back(h.NonZeroBuckets());
    collector.Deliver(0, static_cast<int>(k), std::move(sum));
  }
  collector.ThreadDone(0);
  TimeSeries out = collector.Finish(elapsed_s);
  out.steady_from_s = first.steady_from_s;
  out.cores = first.cores;
  out.server_sampled = first.server_sampled;
  for (std::size_t g = 0; g < kGaugeCount; ++g) {
    const auto gauge = static_cast<Gauge>(g);
    if (gauge == Gauge::kClientRss || gauge == Gauge::kClientCpu) {
      std::vector<const GaugeSeries*> each;
      for (const TimeSeries* p : parts) each.push_back(&p->gauge(gauge));
      out.gauges[g] = SumGauges(each);
    } else {
      // Every shard sampled the same server: the first shard's samples are the server's.
      for (const TimeSeries* p : parts) {
        if (p->gauge(gauge).empty()) continue;
        out.gauges[g] = p->gauge(gauge);
        break;
      }
    }
  }
  return out;
}

std::optional<MergedRow> MergeShards(std::vector<ShardResult> shards,
                                     const std::vector<std::string>& sources,
                                     std::vector<std::string>* errors) {
  const std::size_t before = errors->size();
  if (shards.empty()) {
    errors->push_back("no shard results to merge");
    return std::nullopt;
  }
  const ShardResult& first = shards.front();
  const std::string& first_source = sources.front();
  const auto differ = [&](std::size_t i, const std::string& what, const std::string& a,
                          const std::string& b) {
    errors->push_back(Sharding(shards[i], sources[i]) + " is of " + what + " (" + b + ") from " +
                      Sharding(first, first_source) + " (" + a + ")");
  };
  std::map<int, std::size_t> by_index;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const ShardResult& s = shards[i];
    if (s.shard.count != first.shard.count) {
      differ(i, "another sharding", "of " + std::to_string(first.shard.count),
             "of " + std::to_string(s.shard.count));
      continue;
    }
    if (s.row_id != first.row_id) {
      differ(i, "another row", first.row_id, s.row_id);
    } else if (s.row_json != first.row_json || s.thresholds.size() != first.thresholds.size()) {
      differ(i, "the same row with other parameters", "its own", "others");
    }
    if (s.plan != first.plan) differ(i, "another plan", first.plan, s.plan);
    if (s.Context("revision") != first.Context("revision")) {
      differ(i, "another revision", first.Context("revision"), s.Context("revision"));
    }
    if (s.start_unix_us != first.start_unix_us) {
      differ(i, "another run", "time zero " + std::to_string(first.start_unix_us) + " us",
             "time zero " + std::to_string(s.start_unix_us) + " us");
    }
    if (s.result.series.followed != first.result.series.followed ||
        s.result.series.window_s != first.result.series.window_s) {
      differ(i, "another series", "its own", "others");
    }
    if (!by_index.emplace(s.shard.index, i).second) {
      errors->push_back("shard " + s.shard.ToString() + " is given twice: " +
                        sources[by_index[s.shard.index]] + " and " + sources[i]);
    }
  }
  if (errors->size() == before) {
    for (int i = 0; i < first.shard.count; ++i) {
      if (by_index.count(i) == 0) {
        errors->push_back("shard " + ShardSpec{i, first.shard.count}.ToString() + " of " +
                          first.row_id + " is missing: a merge needs every shard's result");
      }
    }
  }
  if (errors->size() > before) return std::nullopt;

  MergedRow out;
  ShardResult& row = out.row;
  row = shards[by_index[0]];
  row.shard = ShardSpec{};
  RunResult& r = row.result;
  r = RunResult();
  std::vector<const TimeSeries*> series;
  PairJoin join;
  for (const auto& [index, i] : by_index) {
    const RunResult& s = shards[i].result;
    r.metrics.Merge(s.metrics);
    r.errors.Merge(s.errors);
    for (const std::string& p : s.generator_problems) {
      r.generator_problems.push_back("shard " + shards[i].shard.ToString() + ": " + p);
    }
    for (const std::string& p : shards[i].server_problems) {
      if (std::find(row.server_problems.begin(), row.server_problems.end(), p) ==
          row.server_problems.end()) {
        row.server_problems.push_back(p);
      }
    }
    r.threads += s.threads;
    r.users_unfinished += s.users_unfinished;
    r.elapsed_s = std::max(r.elapsed_s, s.elapsed_s);
    r.peak_open_connections += s.peak_open_connections;
    r.client_baseline_rss_bytes += s.client_baseline_rss_bytes;
    r.client_peak_rss_bytes += s.client_peak_rss_bytes;
    r.client_rss_at_most_connections += s.client_rss_at_most_connections;
    r.most_connections_sampled += s.most_connections_sampled;
    r.client_cpu_s += s.client_cpu_s;
    // The server is one: what the first shard that saw it measured.
    if (r.server_peak_rss_bytes == 0 && s.server_peak_rss_bytes > 0) {
      r.server_baseline_rss_bytes = s.server_baseline_rss_bytes;
      r.server_peak_rss_bytes = s.server_peak_rss_bytes;
      r.server_rss_at_most_connections = s.server_rss_at_most_connections;
    }
    r.server_cpu_s = std::max(r.server_cpu_s, s.server_cpu_s);
    if (r.server_sampling_error.empty()) r.server_sampling_error = s.server_sampling_error;
    series.push_back(&s.series);
    for (const OpenMatchSide& side : s.open_match_sides) join.Deposit(RecordOf(side));
  }
  // Connects: from the first shard's first attempt to the last shard's last open.
  double start_s = INFINITY, end_s = 0;
  for (const auto& [index, i] : by_index) {
    const RunResult& s = shards[i].result;
    if (s.connect_phase_s <= 0) continue;
    start_s = std::min(start_s, s.connect_phase_start_s);
    end_s = std::max(end_s, s.connect_phase_start_s + s.connect_phase_s);
  }
  if (end_s > start_s) {
    r.connect_phase_start_s = start_s;
    r.connect_phase_s = end_s - start_s;
  }
  // Matches whose sides ended in two shards; a side whose partner is in no shard is what a
  // whole swarm counts as inconsistent.
  join.Finish(&r.metrics);
  r.series = MergeSeries(series, r.elapsed_s);
  r.series.second_values.clear();

  std::vector<Threshold> thresholds;
  for (const auto& [row_id, t] : row.thresholds) {
    if (row_id != row.row_id) continue;
    std::string error;
    if (auto parsed = ParseThreshold(t.text, &error)) {
      thresholds.push_back(*parsed);
    } else {
      errors->push_back(first_source + ": threshold " + t.text + ": " + error);
    }
  }
  if (errors->size() > before) return std::nullopt;
  out.verdict =
      Judge(thresholds, r.metrics, &r.series, row.row_id, r.generator_problems, row.not_applicable);
  out.verdict.notes = row.notes;
  if (r.users_unfinished > 0) {
    out.verdict.AddViolation(std::to_string(r.users_unfinished) +
                                 " flows still running at the test's deadline [" + row.row_id + "]",
                             "unfinished_flows");
  }
  for (const std::string& p : row.server_problems) out.verdict.AddViolation(p, "server_alive");
  out.figures = HeadlineFigures(r);
  return out;
}

}  // namespace swarmgate
