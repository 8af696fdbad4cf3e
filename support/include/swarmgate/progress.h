#pragma once
// Live progress while a row runs: on a terminal one status line a second, rewritten in place;
// elsewhere (CI logs, ctest -V) a plain line every ten seconds. The swarm hands each
// completed second over (OnSecond, a copy under a lock); a thread of the printer's own
// writes, so a slow terminal or pipe never holds up a swarm thread.
//   [ progress ] 12s of at most 40s  open 200  matches 100  msgs 198/s  message_latency p95 0.41 ms
//   errors 0

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "swarmgate/time_series.h"

namespace swarmgate {

enum class ProgressMode { kOff, kTerminal, kLines };

// What the status line shows, totals since the start of the row.
struct ProgressSnapshot {
  double elapsed_s = 0;
  double planned_s = 0;  // the longest the row should take (PlannedDurationS)
  std::int64_t open_connections = 0;
  std::int64_t matches = 0;
  std::int64_t messages_per_s = 0;  // delivered in the last second
  std::int64_t errors = 0;
  std::string latency;               // the row's main latency, e.g. "message_latency"
  std::int64_t latency_p95_us = -1;  // in the last second with a sample; -1: none yet
};

std::string FormatProgress(const ProgressSnapshot& snapshot);

class ProgressPrinter {
 public:
  // Prints to out until destroyed (kOff: never). planned_s: how long the row should take.
  ProgressPrinter(ProgressMode mode, std::FILE* out, double planned_s, std::string latency);
  ~ProgressPrinter();
  ProgressPrinter(const ProgressPrinter&) = delete;
  ProgressPrinter& operator=(const ProgressPrinter&) = delete;

  // One second of the run, in order; its p95 is that of the row's main (first followed)
  // latency.
  void OnSecond(int second, const SecondPoint& point);

 private:
  void Loop();

  const ProgressMode mode_;
  std::FILE* const out_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool fresh_ = false;  // a second arrived since the last line
  ProgressSnapshot snapshot_;
  std::thread thread_;
};

}  // namespace swarmgate
