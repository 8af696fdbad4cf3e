#pragma once
// Samples memory and CPU of the swarm and of the server once a second, on its own thread so
// that a slow /proc read or Prometheus scrape never delays the load. The server is read from
// /proc when it is a local process (server_pid), else scraped from its Prometheus endpoint.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "swarmgate/clock.h"
#include "swarmgate/target_url.h"
#include "swarmgate/time_series.h"

namespace swarmgate {

class ResourceSampler {
 public:
  struct Memory {
    std::int64_t peak_rss_bytes = 0;
    // The sample taken with the most connections open (the latest of equals): memory per
    // held connection is read there, not at the peak, which may come as connections close.
    std::int64_t rss_at_most_connections = 0;
    std::int64_t most_connections = 0;
    void Note(std::int64_t rss, std::int64_t open);
  };

  // Samples at start_us + k seconds until Stop(). open_connections is read at each sample.
  ResourceSampler(Micros start_us, int server_pid, std::optional<TargetUrl> server_metrics,
                  const std::atomic<std::int64_t>* open_connections);
  ~ResourceSampler();

  void Stop();  // joins the sampling thread; idempotent

  // After Stop():
  const std::array<GaugeSeries, kGaugeCount>& gauges() const { return gauges_; }
  const Memory& client_memory() const { return client_memory_; }
  const Memory& server_memory() const { return server_memory_; }
  // Why the server could not be sampled (first failure), with how many samples failed.
  std::string server_error() const;

 private:
  struct Reading {
    std::int64_t rss_bytes = 0;
    double cpu_s = 0;
  };
  void Loop();
  void SampleOnce(double t_s);
  std::optional<Reading> ReadServer();
  void Add(Gauge g, double t_s, double v) { gauges_[static_cast<std::size_t>(g)].Add(t_s, v); }

  const Micros start_us_;
  const int server_pid_;
  const std::optional<TargetUrl> server_metrics_;
  const std::atomic<std::int64_t>* open_connections_;
  std::array<GaugeSeries, kGaugeCount> gauges_;
  Memory client_memory_, server_memory_;
  std::optional<Reading> last_client_, last_server_;
  double last_client_t_ = 0, last_server_t_ = 0;
  std::int64_t server_failures_ = 0;
  std::string first_server_error_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace swarmgate
