#include "scheduler.h"

namespace swarmgate {

void Scheduler::At(Micros due_us, TimerClient* client, std::uint64_t token) {
  if (stopped_) return;
  heap_.push(Entry{due_us, next_order_++, client, token});
  if (!firing_ && due_us < armed_us_) Arm();
}

void Scheduler::Stop() {
  stopped_ = true;
  heap_ = {};
  timer_.cancel();
}

void Scheduler::Arm() {
  if (heap_.empty()) return;
  armed_us_ = heap_.top().due_us;
  // Re-arming cancels a pending wait; its handler sees operation_aborted and returns.
  timer_.expires_at(asio::steady_timer::time_point(std::chrono::microseconds(armed_us_)));
  timer_.async_wait([this](const std::error_code& ec) { Fire(ec); });
}

void Scheduler::Fire(const std::error_code& ec) {
  if (ec == asio::error::operation_aborted || stopped_) return;
  armed_us_ = INT64_MAX;
  firing_ = true;  // callbacks add entries; arm once afterwards
  const Micros now = NowMicros();
  while (!heap_.empty() && heap_.top().due_us <= now && !stopped_) {
    const Entry e = heap_.top();
    heap_.pop();
    e.client->OnTimer(e.token);
  }
  firing_ = false;
  if (!stopped_) Arm();
}

}  // namespace swarmgate
