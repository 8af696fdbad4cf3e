#pragma once
// One pacing timer per swarm thread (a timer per connection costs up to tens of µs each):
// a min-heap of deadlines served by a single asio::steady_timer armed at the earliest one.

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <cstdint>
#include <queue>
#include <vector>

#include "swarmgate/clock.h"

namespace swarmgate {

class TimerClient {
 public:
  virtual void OnTimer(std::uint64_t token) = 0;

 protected:
  ~TimerClient() = default;
};

class Scheduler {
 public:
  explicit Scheduler(asio::io_context* io) : timer_(*io) {}

  // Calls client->OnTimer(token) at due_us (monotonic microseconds) or as soon after as the
  // thread is free; entries due at the same time run in insertion order.
  void At(Micros due_us, TimerClient* client, std::uint64_t token);

  // Drops every pending entry and the timer.
  void Stop();

 private:
  struct Entry {
    Micros due_us;
    std::uint64_t order;
    TimerClient* client;
    std::uint64_t token;
    bool operator>(const Entry& o) const {
      return due_us != o.due_us ? due_us > o.due_us : order > o.order;
    }
  };

  void Arm();
  void Fire(const std::error_code& ec);

  asio::steady_timer timer_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;
  std::uint64_t next_order_ = 0;
  Micros armed_us_ = INT64_MAX;  // the deadline the timer waits for; INT64_MAX when idle
  bool stopped_ = false;
  bool firing_ = false;
};

}  // namespace swarmgate
