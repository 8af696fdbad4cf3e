#pragma once
// Deadlines that all lie the same span after they are set (a connection's opening or closing
// handshake), so that they expire in the order they were set: a queue and one timer for a
// thread's connections replace a timer per connection (an allocation, a timer-queue insertion
// and its cancellation, and often a re-arming of the kernel's timer, each time).

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <deque>
#include <memory>

#include "swarmgate/clock.h"

namespace swarmgate {

// T has void Expired(Micros deadline_us), called at the deadline (up to granularity_us late)
// while the item lives; the item tells a deadline it still waits for from one it has dropped.
template <class T>
class ExpiryQueue {
 public:
  ExpiryQueue(asio::io_context* io, Micros span_us, Micros granularity_us)
      : timer_(*io), span_us_(span_us), granularity_us_(granularity_us) {}

  // The deadline set for item, span_us from now.
  Micros Add(std::weak_ptr<T> item) {
    const Micros due_us = NowMicros() + span_us_;
    entries_.push_back(Entry{due_us, std::move(item)});
    if (!armed_) Arm();
    return due_us;
  }

 private:
  struct Entry {
    Micros due_us;
    std::weak_ptr<T> item;
  };

  // Late by up to the granularity: the entries set within it expire on one wakeup.
  void Arm() {
    armed_ = true;
    const Micros at_us = entries_.front().due_us + granularity_us_;
    timer_.expires_at(asio::steady_timer::time_point(std::chrono::microseconds(at_us)));
    // A timer destroyed with the queue completes with operation_aborted: `this` is not used.
    timer_.async_wait([this](const std::error_code& ec) {
      if (!ec) Fire();
    });
  }

  void Fire() {
    armed_ = false;
    const Micros now = NowMicros();
    while (!entries_.empty() && entries_.front().due_us <= now) {
      const Entry entry = std::move(entries_.front());
      entries_.pop_front();
      if (const std::shared_ptr<T> item = entry.item.lock()) item->Expired(entry.due_us);
    }
    if (!entries_.empty() && !armed_) Arm();
  }

  asio::steady_timer timer_;
  std::deque<Entry> entries_;
  const Micros span_us_;
  const Micros granularity_us_;
  bool armed_ = false;
};

}  // namespace swarmgate
