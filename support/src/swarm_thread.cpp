#include "swarm_thread.h"

#include <asio/post.hpp>
#include <thread>

#include "swarmgate/process_stats.h"
#include "virtual_user.h"

namespace swarmgate {
namespace {

constexpr std::size_t kMaxFrameBytes = 1 << 20;
constexpr Micros kLagProbeUs = 10 * kMicrosPerMilli;

}  // namespace

SwarmThread::SwarmThread(SwarmShared* shared, const TargetUrl& target, int handshake_cap)
    : shared_(shared), client_(&io_, target, kMaxFrameBytes), handshake_cap_(handshake_cap) {}

SwarmThread::~SwarmThread() = default;

void SwarmThread::AddUser(int index) {
  users_.push_back(std::make_unique<VirtualUser>(this, index));
}

void SwarmThread::Run(Micros deadline_us) {
  if (users_.empty()) return;
  for (auto& user : users_) user->Start();
  scheduler_.At(deadline_us, this, kDeadline);
  lag_probe_due_us_ = shared_->start_us;
  scheduler_.At(lag_probe_due_us_, this, kLagProbe);
  if (spec().generator_stall_ms > 0) {
    scheduler_.At(shared_->start_us + kMicrosPerSecond / 2, this, kStall);
  }
  if (sample_rss_) scheduler_.At(shared_->start_us, this, kRssSample);
  io_.run();
  // Stopping leaves ready handlers queued (connection releases among them): run them now,
  // while the client endpoint still exists.
  io_.restart();
  io_.poll();
}

void SwarmThread::OnTimer(std::uint64_t token) {
  if (token == kDeadline) {
    scheduler_.Stop();
    io_.stop();
    return;
  }
  if (token == kLagProbe) {
    // Event-loop lag: how late a 10 ms periodic timer fires on this thread. Ticks stay on
    // their grid: after a stall every missed tick is recorded with its own lateness, so a
    // long stall weighs in proportion to its length (no coordinated omission).
    recorder_.Record(Latency::kLoopLag, NowMicros() - lag_probe_due_us_);
    lag_probe_due_us_ += kLagProbeUs;
    scheduler_.At(lag_probe_due_us_, this, kLagProbe);
    return;
  }
  if (token == kStall) {
    // Self-tests only: starve this thread on purpose, once a second.
    std::this_thread::sleep_for(std::chrono::milliseconds(spec().generator_stall_ms));
    scheduler_.At(NowMicros() + kMicrosPerSecond, this, kStall);
    return;
  }
  const std::int64_t open = shared_->open_connections.load(std::memory_order_relaxed);
  if (const std::int64_t rss = ProcessRssBytes(0); rss > peak_rss_bytes_) {
    peak_rss_bytes_ = rss;
    open_at_peak_rss_ = open;
  }
  if (server_pid_ > 0) {
    if (const std::int64_t rss = ProcessRssBytes(server_pid_); rss > server_peak_rss_bytes_) {
      server_peak_rss_bytes_ = rss;
      open_at_server_peak_rss_ = open;
    }
  }
  scheduler_.At(NowMicros() + kMicrosPerSecond, this, kRssSample);
}

void SwarmThread::SampleRssEverySecond(int server_pid) {
  sample_rss_ = true;
  server_pid_ = server_pid;
}

void SwarmThread::RequestConnect(VirtualUser* user) {
  if (handshakes_in_flight_ < handshake_cap_) {
    ++handshakes_in_flight_;
    user->Connect();
  } else {
    waiting_to_connect_.push_back(user);
  }
}

void SwarmThread::HandshakeDone() {
  --handshakes_in_flight_;
  if (!waiting_to_connect_.empty()) {
    VirtualUser* next = waiting_to_connect_.front();
    waiting_to_connect_.pop_front();
    ++handshakes_in_flight_;
    // Not inline: this runs inside another connection's handler.
    asio::post(io_, [next] { next->Connect(); });
  }
}

void SwarmThread::ReleaseLater(WsClient::Connection connection) {
  asio::post(io_, [connection = std::move(connection)]() mutable { connection.reset(); });
}

void SwarmThread::UserFinished() {
  if (++finished_ == static_cast<int>(users_.size())) {
    scheduler_.Stop();
    io_.stop();
  }
}

void SwarmThread::ConnectionOpened() {
  const std::int64_t open = shared_->open_connections.fetch_add(1, std::memory_order_relaxed) + 1;
  std::int64_t peak = shared_->peak_open_connections.load(std::memory_order_relaxed);
  while (open > peak && !shared_->peak_open_connections.compare_exchange_weak(
                            peak, open, std::memory_order_relaxed)) {
  }
}

void SwarmThread::ConnectionClosed() {
  shared_->open_connections.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace swarmgate
