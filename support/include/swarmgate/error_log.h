#pragma once
// Failures counted by class, each with the first message seen as a sample for the report.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace swarmgate {

class Secrets;

enum class ErrorClass {
  kConnect,        // TCP connect failed (refused, reset, unreachable)
  kHandshake,      // the server answered the upgrade with something other than 101
  kTimeout,        // the opening handshake did not finish in time
  kProtocol,       // a frame the dialect could not map, or an event out of sequence
  kCloseAbnormal,  // the connection closed before the flow closed it
  kServer,         // the server sent an error event
  kHttp,           // an HTTP request answered 4xx/5xx, or not at all
  kCount_
};

std::string_view NameOf(ErrorClass error_class);

class ErrorLog {
 public:
  struct Tally {
    std::int64_t count = 0;
    std::string sample;  // the first message of this class, at most 200 bytes
  };

  // Samples are kept without these (secrets.h); null: none.
  void set_secrets(const Secrets* secrets) { secrets_ = secrets; }
  void Note(ErrorClass error_class, std::string_view message);
  void Merge(const ErrorLog& other);
  // Adds a tally read back from a file (a shard's result): count errors, the first sample.
  void AddTally(ErrorClass error_class, Tally tally);
  const Tally& tally(ErrorClass error_class) const {
    return tallies_[static_cast<std::size_t>(error_class)];
  }

 private:
  std::array<Tally, static_cast<std::size_t>(ErrorClass::kCount_)> tallies_;
  const Secrets* secrets_ = nullptr;
};

}  // namespace swarmgate
