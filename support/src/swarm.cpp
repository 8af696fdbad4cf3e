#include "swarmgate/swarm.h"

#include <algorithm>
#include <thread>

#include "swarm_thread.h"
#include "swarmgate/process_stats.h"
#include "virtual_user.h"

namespace swarmgate {
namespace {

int ThreadCount(const LoadSpec& spec) {
  int n = spec.threads > 0 ? spec.threads : static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(n, 1, std::max(1, spec.users));
}

}  // namespace

RunResult RunSwarm(const LoadSpec& spec, const TargetUrl& target, const Dialect& dialect,
                   const RunOptions& options) {
  RunResult result;
  result.threads = ThreadCount(spec);
  // Time zero leaves the threads a moment to start, so the first connects are not late.
  SwarmShared shared{spec, dialect, NowMicros() + 20 * kMicrosPerMilli};

  std::vector<std::unique_ptr<SwarmThread>> threads;
  const int cap = std::max(1, spec.handshakes_in_flight / result.threads);
  for (int t = 0; t < result.threads; ++t) {
    threads.push_back(std::make_unique<SwarmThread>(&shared, target, cap));
  }
  // Baselines once the threads' fixed structures (recorders, endpoints) exist, before any
  // user: what RSS grows by from here is the cost of the users and their connections.
  result.client_baseline_rss_bytes = ProcessRssBytes(0);
  if (options.server_pid > 0)
    result.server_baseline_rss_bytes = ProcessRssBytes(options.server_pid);
  for (int i = 0; i < spec.users; ++i) threads[i % result.threads]->AddUser(i);
  threads[0]->SampleRssEverySecond(options.server_pid);

  const double cpu_before = ProcessCpuSeconds(0);
  const double server_cpu_before =
      options.server_pid > 0 ? ProcessCpuSeconds(options.server_pid) : 0;
  std::vector<std::thread> workers;
  const Micros deadline_us = options.deadline_us;
  for (auto& t : threads) workers.emplace_back([&t, deadline_us] { t->Run(deadline_us); });
  for (auto& w : workers) w.join();
  result.client_cpu_s = ProcessCpuSeconds(0) - cpu_before;
  if (options.server_pid > 0) {
    result.server_cpu_s = ProcessCpuSeconds(options.server_pid) - server_cpu_before;
  }
  result.elapsed_s = static_cast<double>(NowMicros() - shared.start_us) / kMicrosPerSecond;

  Micros first_connect_us = INT64_MAX, last_open_us = 0;
  for (auto& t : threads) {
    first_connect_us = std::min(first_connect_us, t->first_connect_us());
    last_open_us = std::max(last_open_us, t->last_open_us());
    result.metrics.Merge(t->recorder());
    result.errors.Merge(t->errors());
    result.users_unfinished += t->unfinished();
    for (const auto& user : t->users()) user->HandOverOpenMatch();
  }
  shared.pair_join.Finish(&result.metrics);
  result.peak_open_connections = shared.peak_open_connections.load();
  result.client_peak_rss_bytes = threads[0]->peak_rss_bytes();
  result.open_connections_at_peak_rss = threads[0]->open_at_peak_rss();
  result.server_peak_rss_bytes = threads[0]->server_peak_rss_bytes();
  result.open_connections_at_server_peak_rss = threads[0]->open_at_server_peak_rss();
  if (last_open_us > first_connect_us) {
    result.connect_phase_s =
        static_cast<double>(last_open_us - first_connect_us) / kMicrosPerSecond;
  }
  return result;
}

namespace {

// Opens one connection and closes it again, remembering how it went.
class ProbeSink final : public WsSink {
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

std::string ProbeTarget(const TargetUrl& target, double timeout_s) {
  asio::io_context io{1};
  WsClient client(&io, target, 1 << 20);
  ProbeSink sink;
  std::string error;
  WsClient::Connection connection = client.Connect(&sink, &error);
  if (!connection) return error;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::microseconds(SecondsToMicros(timeout_s));
  while (!sink.opened && sink.failure.empty() && std::chrono::steady_clock::now() < deadline) {
    if (io.run_one_until(deadline) == 0 && io.stopped()) break;  // out of work
  }
  if (!sink.failure.empty()) return sink.failure;
  if (!sink.opened) return "no WebSocket handshake within " + std::to_string(timeout_s) + " s";
  WsClient::Close(connection);
  const auto close_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!sink.closed && std::chrono::steady_clock::now() < close_deadline) {
    if (io.run_one_until(close_deadline) == 0 && io.stopped()) break;
  }
  return {};
}

}  // namespace swarmgate
