#include "swarmgate/progress.h"

#include <chrono>

namespace swarmgate {
namespace {

// A plain line this often where nothing can be rewritten in place.
constexpr auto kLinesEvery = std::chrono::seconds(10);
constexpr auto kTerminalEvery = std::chrono::seconds(1);

}  // namespace

std::string FormatProgress(const ProgressSnapshot& s) {
  char p95[48] = "-";
  if (s.latency_p95_us >= 0) {
    if (s.latency_p95_us < 10'000) {
      std::snprintf(p95, sizeof p95, "%.2f ms", static_cast<double>(s.latency_p95_us) / 1e3);
    } else {
      std::snprintf(p95, sizeof p95, "%.0f ms", static_cast<double>(s.latency_p95_us) / 1e3);
    }
  }
  char line[256];
  std::snprintf(
      line, sizeof line,
      "[ progress ] %.0fs of at most %.0fs  open %lld  matches %lld  msgs %lld/s  %s p95 %s  "
      "errors %lld",
      s.elapsed_s, s.planned_s, static_cast<long long>(s.open_connections),
      static_cast<long long>(s.matches), static_cast<long long>(s.messages_per_s),
      s.latency.c_str(), p95, static_cast<long long>(s.errors));
  return line;
}

ProgressPrinter::ProgressPrinter(ProgressMode mode, std::FILE* out, double planned_s,
                                 std::string latency)
    : mode_(mode), out_(out) {
  snapshot_.planned_s = planned_s;
  snapshot_.latency = std::move(latency);
  if (mode_ != ProgressMode::kOff) thread_ = std::thread([this] { Loop(); });
}

ProgressPrinter::~ProgressPrinter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ProgressPrinter::OnSecond(int second, const SecondPoint& point) {
  std::lock_guard<std::mutex> lock(mu_);
  snapshot_.elapsed_s = second + 1;
  snapshot_.open_connections = point.open_connections;
  snapshot_.matches += point.matches;
  snapshot_.messages_per_s = point.messages;
  snapshot_.errors += point.errors;
  if (!point.p95_us.empty() && point.p95_us[0] >= 0) snapshot_.latency_p95_us = point.p95_us[0];
  fresh_ = true;
}

void ProgressPrinter::Loop() {
  const auto every = mode_ == ProgressMode::kTerminal ? kTerminalEvery : kLinesEvery;
  std::unique_lock<std::mutex> lock(mu_);
  bool shown = false;
  while (!stopping_) {
    wake_.wait_for(lock, every, [this] { return stopping_; });
    if (!fresh_) continue;
    fresh_ = false;
    const std::string line = FormatProgress(snapshot_);
    lock.unlock();
    if (mode_ == ProgressMode::kTerminal) {
      std::fprintf(out_, "\r\033[K%s", line.c_str());  // rewritten in place
    } else {
      std::fprintf(out_, "%s\n", line.c_str());
    }
    std::fflush(out_);
    shown = true;
    lock.lock();
  }
  if (shown && mode_ == ProgressMode::kTerminal) {
    std::fprintf(out_, "\n");  // the verdict starts on a line of its own
    std::fflush(out_);
  }
}

}  // namespace swarmgate
