#include "resource_sampler.h"

#include <algorithm>

#include "swarmgate/http_get.h"
#include "swarmgate/process_stats.h"
#include "swarmgate/prometheus_text.h"

namespace swarmgate {
namespace {

// A scrape must end well within the sampling interval.
constexpr double kScrapeTimeoutS = 0.8;

}  // namespace

ResourceSampler::ResourceSampler(Micros start_us, int server_pid,
                                 std::optional<TargetUrl> server_metrics,
                                 const std::atomic<std::int64_t>* open_connections)
    : start_us_(start_us),
      server_pid_(server_pid),
      server_metrics_(std::move(server_metrics)),
      open_connections_(open_connections),
      thread_([this] { Loop(); }) {}

ResourceSampler::~ResourceSampler() { Stop(); }

void ResourceSampler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string ResourceSampler::server_error() const {
  if (server_failures_ == 0) return {};
  return std::to_string(server_failures_) + " server samples failed, first: " + first_server_error_;
}

void ResourceSampler::Memory::Note(std::int64_t rss, std::int64_t open) {
  peak_rss_bytes = std::max(peak_rss_bytes, rss);
  if (open >= most_connections) {
    most_connections = open;
    rss_at_most_connections = rss;
  }
}

void ResourceSampler::Loop() {
  for (std::int64_t k = 0;; ++k) {
    const Micros due_us = start_us_ + k * kMicrosPerSecond;
    std::unique_lock<std::mutex> lock(mu_);
    // Steady clock, like NowMicros(): the grid does not move with the wall clock.
    const auto due = std::chrono::steady_clock::time_point(std::chrono::microseconds(due_us));
    if (wake_.wait_until(lock, due, [this] { return stop_; })) return;
    lock.unlock();
    SampleOnce(static_cast<double>(NowMicros() - start_us_) / kMicrosPerSecond);
  }
}

void ResourceSampler::SampleOnce(double t_s) {
  const std::int64_t open = open_connections_->load(std::memory_order_relaxed);
  const Reading client{ProcessRssBytes(0), ProcessCpuSeconds(0)};
  Add(Gauge::kClientRss, t_s, static_cast<double>(client.rss_bytes));
  if (last_client_ && t_s > last_client_t_) {
    Add(Gauge::kClientCpu, t_s, (client.cpu_s - last_client_->cpu_s) / (t_s - last_client_t_));
  }
  last_client_ = client;
  last_client_t_ = t_s;
  client_memory_.Note(client.rss_bytes, open);

  if (server_pid_ <= 0 && !server_metrics_) return;
  const std::optional<Reading> server = ReadServer();
  if (!server) return;
  Add(Gauge::kServerRss, t_s, static_cast<double>(server->rss_bytes));
  if (last_server_ && t_s > last_server_t_) {
    Add(Gauge::kServerCpu, t_s, (server->cpu_s - last_server_->cpu_s) / (t_s - last_server_t_));
  }
  last_server_ = server;
  last_server_t_ = t_s;
  server_memory_.Note(server->rss_bytes, open);
}

std::optional<ResourceSampler::Reading> ResourceSampler::ReadServer() {
  std::string error;
  if (server_pid_ > 0) {
    const std::int64_t rss = ProcessRssBytes(server_pid_);
    if (rss > 0) return Reading{rss, ProcessCpuSeconds(server_pid_)};
    error = "/proc/" + std::to_string(server_pid_) + " is not readable (has the server exited?)";
  } else if (auto body = HttpGet(*server_metrics_, kScrapeTimeoutS, &error)) {
    const auto rss = PrometheusValue(*body, "process_resident_memory_bytes");
    const auto cpu = PrometheusValue(*body, "process_cpu_seconds_total");
    if (rss && cpu) return Reading{static_cast<std::int64_t>(*rss), *cpu};
    error = server_metrics_->ToString() + " lacks process_resident_memory_bytes or " +
            "process_cpu_seconds_total";
  }
  if (server_failures_++ == 0) first_server_error_ = error;
  return std::nullopt;
}

}  // namespace swarmgate
