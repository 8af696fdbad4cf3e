#include "swarmgate/swarm.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <thread>

#include "flows/flow.h"
#include "resource_sampler.h"
#include "swarm_thread.h"
#include "swarmgate/process_stats.h"
#include "virtual_user.h"

namespace swarmgate {
namespace {

// Six hex digits new each run: user names never repeat between runs back to back.
std::string RunName() {
  std::random_device entropy;
  char name[8];
  std::snprintf(name, sizeof name, "%06x", entropy() & 0xFFFFFF);
  return name;
}

int ThreadCount(const LoadSpec& spec) {
  int n = spec.threads > 0 ? spec.threads : static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(n, 1, std::max(1, spec.users));
}

}  // namespace

std::vector<Latency> FollowedLatencies(const LoadSpec& spec,
                                       const std::vector<Threshold>& thresholds) {
  std::vector<Latency> followed = {TraitsOf(spec.flow()).main_latency};
  if (spec.flow() == Flow::kBreakingPoint) {  // each step is judged on its window
    followed = {Latency::kMessageLatency, Latency::kLoopLag};
  }
  for (const Threshold& t : thresholds) {
    const Latency* latency = std::get_if<Latency>(&t.metric);
    // Typing delivery is known only when the chat ends (indicators are matched by order).
    if (latency && *latency != Latency::kTypingLatency &&
        std::find(followed.begin(), followed.end(), *latency) == followed.end()) {
      followed.push_back(*latency);
    }
  }
  return followed;
}

RunResult RunSwarm(const LoadSpec& spec, const TargetUrl& target, const Dialect& dialect,
                   const RunOptions& options) {
  RunResult result;
  result.threads = ThreadCount(spec);
  // Time zero leaves the threads a moment to start, so the first connects are not late.
  SwarmShared shared{spec,
                     dialect,
                     TraitsOf(spec.flow()).make_user,
                     RunName(),
                     options.start_us > 0 ? options.start_us : NowMicros() + 20 * kMicrosPerMilli,
                     options.followed,
                     result.threads,
                     options.shard.sharded() || options.keep_second_values};

  shared.series.set_on_second(options.on_second);
  std::vector<std::unique_ptr<SwarmThread>> threads;
  const int cap = std::max(1, spec.handshakes_in_flight / result.threads);
  for (int t = 0; t < result.threads; ++t) {
    threads.push_back(
        std::make_unique<SwarmThread>(&shared, t, target, options.handshake_headers, cap));
    threads.back()->errors().set_secrets(options.secrets);
  }
  // Baselines once the threads' fixed structures (recorders, endpoints) exist, before any
  // user: what RSS grows by from here is the cost of the users and their connections.
  result.client_baseline_rss_bytes = ProcessRssBytes(0);
  if (options.server_pid > 0)
    result.server_baseline_rss_bytes = ProcessRssBytes(options.server_pid);
  // Pairs (2k, 2k + 1) share a thread: swarm matchmaking pairs them there.
  // A shard's users keep their indices, so their place in the row's schedule.
  for (int i = 0; i < spec.users; ++i) {
    // The shard's k-th pair (pair k * count + index of the row) goes to thread k % threads.
    if (options.shard.Has(i)) threads[(i / 2 / options.shard.count) % result.threads]->AddUser(i);
  }
  ResourceSampler sampler(shared.times.start_us(), options.server_pid, options.server_metrics,
                          &shared.open_connections);

  const double cpu_before = ProcessCpuSeconds(0);
  const double server_cpu_before =
      options.server_pid > 0 ? ProcessCpuSeconds(options.server_pid) : 0;
  std::vector<std::thread> workers;
  const Micros deadline_us = options.deadline_us;
  for (auto& t : threads) workers.emplace_back([&t, deadline_us] { t->Run(deadline_us); });
  for (auto& w : workers) w.join();
  sampler.Stop();
  result.client_cpu_s = ProcessCpuSeconds(0) - cpu_before;
  if (options.server_pid > 0) {
    result.server_cpu_s = ProcessCpuSeconds(options.server_pid) - server_cpu_before;
  }
  result.elapsed_s = static_cast<double>(NowMicros() - shared.times.start_us()) / kMicrosPerSecond;

  Micros first_connect_us = INT64_MAX, last_open_us = 0;
  for (auto& t : threads) {
    first_connect_us = std::min(first_connect_us, t->first_connect_us());
    last_open_us = std::max(last_open_us, t->last_open_us());
    result.metrics.Merge(t->recorder());
    result.errors.Merge(t->errors());
    result.users_unfinished += t->unfinished();
    result.frames_written += t->client().frames_written();
    result.frames_read += t->client().frames_read();
    for (const auto& user : t->users()) user->HandOverOpenMatch();
  }
  if (options.shard.sharded()) {
    result.open_match_sides =
        shared.pair_join.FinishShard(&result.metrics, shared.times.start_us());
  } else {
    shared.pair_join.Finish(&result.metrics);
  }
  result.peak_open_connections = shared.peak_open_connections.load();
  result.client_peak_rss_bytes = sampler.client_memory().peak_rss_bytes;
  result.client_rss_at_most_connections = sampler.client_memory().rss_at_most_connections;
  result.most_connections_sampled = sampler.client_memory().most_connections;
  result.server_peak_rss_bytes = sampler.server_memory().peak_rss_bytes;
  result.server_rss_at_most_connections = sampler.server_memory().rss_at_most_connections;
  result.server_sampling_error = sampler.server_error();
  result.series = shared.series.Finish(result.elapsed_s);
  result.series.steady_from_s = shared.times.SteadyFromS();
  result.series.cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  result.series.gauges = sampler.gauges();
  result.series.server_sampled = options.server_pid > 0 || options.server_metrics.has_value();
  if (last_open_us > first_connect_us) {
    result.connect_phase_s =
        static_cast<double>(last_open_us - first_connect_us) / kMicrosPerSecond;
    result.connect_phase_start_s =
        static_cast<double>(first_connect_us - shared.times.start_us()) / kMicrosPerSecond;
  }
  return result;
}

namespace {

// Opens one connection and closes it again, remembering how it went.
class ProbeSink final : public ClientSink {
 public:
  void OnOpen() override { opened = true; }
  void OnFrame(std::string*) override {}
  void OnFail(ConnectError, std::string_view why) override { failure = std::string(why); }
  void OnClosed(std::string_view) override { closed = true; }
  bool opened = false;
  bool closed = false;
  std::string failure;
};

}  // namespace

std::string ProbeTarget(const TargetUrl& target, double timeout_s,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::string_view resource, std::string_view connection_headers) {
  asio::io_context io{1};
  const std::unique_ptr<Client> client =
      MakeClient(TransportOf(target), &io, target, 1 << 20, headers);
  ProbeSink sink;
  std::string error;
  Client::Connection connection = client->Connect(&sink, &error, resource, connection_headers);
  if (!connection) return error;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::microseconds(SecondsToMicros(timeout_s));
  while (!sink.opened && sink.failure.empty() && std::chrono::steady_clock::now() < deadline) {
    if (io.run_one_until(deadline) == 0 && io.stopped()) break;  // out of work
  }
  if (!sink.failure.empty()) return sink.failure;
  if (!sink.opened) return "no connection within " + std::to_string(timeout_s) + " s";
  client->Close(connection);
  const auto close_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!sink.closed && std::chrono::steady_clock::now() < close_deadline) {
    if (io.run_one_until(close_deadline) == 0 && io.stopped()) break;
  }
  return {};
}

}  // namespace swarmgate
