#include "swarm_thread.h"

#include <algorithm>
#include <asio/post.hpp>
#include <thread>

#include "virtual_user.h"

namespace swarmgate {
namespace {

constexpr std::size_t kMaxFrameBytes = 1 << 20;
constexpr Micros kLagProbeUs = 10 * kMicrosPerMilli;

}  // namespace

SwarmThread::SwarmThread(SwarmShared* shared, int index, const TargetUrl& target,
                         const Client::Headers& headers, int handshake_cap)
    : shared_(shared),
      index_(index),
      client_(MakeClient(TransportOf(target), &io_, target, kMaxFrameBytes, headers)),
      handshake_cap_(handshake_cap),
      values_at_tick_(shared->series.followed().size()) {}

SwarmThread::~SwarmThread() = default;

void SwarmThread::AddUser(int index) { users_.push_back(shared_->make_user(this, index)); }

void SwarmThread::Run(Micros deadline_us) {
  if (users_.empty()) return;
  for (auto& user : users_) user->Start();
  scheduler_.At(deadline_us, this, kDeadline);
  lag_probe_due_us_ = times().start_us();
  scheduler_.At(lag_probe_due_us_, this, kLagProbe);
  if (spec().generator_stall_ms > 0) {
    scheduler_.At(times().start_us() + kMicrosPerSecond / 2, this, kStall);
  }
  scheduler_.At(times().start_us() + kMicrosPerSecond, this, kSecondTick);
  io_.run();
  // Stopping leaves ready handlers queued (connection releases among them): run them now,
  // while the client endpoint still exists.
  io_.restart();
  io_.poll();
  DeliverSecond();  // the last, partial second
  shared_->series.ThreadDone(index_);
}

void SwarmThread::DeliverSecond() {
  ThreadSecond data;
  data.open_connections = shared_->open_connections.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < kCounterCount; ++i) {
    const std::int64_t now = recorder_.count(static_cast<Counter>(i));
    data.counters[i] = now - counters_at_tick_[i];
    counters_at_tick_[i] = now;
  }
  const std::vector<Latency>& followed = shared_->series.followed();
  for (std::size_t m = 0; m < followed.size(); ++m) {
    Buckets now = recorder_.histogram(followed[m]).NonZeroBuckets();
    data.values.push_back(BucketsAdded(values_at_tick_[m], now));
    values_at_tick_[m] = std::move(now);
  }
  shared_->series.Deliver(index_, second_++, std::move(data));
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
  // kSecondTick: ticks stay on the run's one-second grid, like every thread's.
  DeliverSecond();
  scheduler_.At(times().start_us() + (second_ + 1) * kMicrosPerSecond, this, kSecondTick);
}

std::string_view SwarmThread::UserName(std::int64_t index) {
  user_name_ = shared_->user_name_prefix;
  user_name_ += std::to_string(index);
  return user_name_;
}

std::string_view SwarmThread::PartnerName(std::int64_t index) {
  partner_name_ = shared_->user_name_prefix;
  partner_name_ += std::to_string(index);
  return partner_name_;
}

int SwarmThread::IndexOfUserName(std::string_view name) const {
  const std::string& prefix = shared_->user_name_prefix;
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return -1;
  long long index = 0;
  for (char c : name.substr(prefix.size())) {
    if (c < '0' || c > '9' || index > spec().users) return -1;
    index = index * 10 + (c - '0');
  }
  return index < spec().users ? static_cast<int>(index) : -1;
}

VirtualUser* SwarmThread::UserWithIndex(int index) const {
  const auto it = std::lower_bound(
      users_.begin(), users_.end(), index,
      [](const std::unique_ptr<VirtualUser>& user, int i) { return user->index() < i; });
  return it != users_.end() && (*it)->index() == index ? it->get() : nullptr;
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

void SwarmThread::ReleaseLater(Client::Connection connection) {
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
