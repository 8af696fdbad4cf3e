#include "swarmgate/error_log.h"

#include "printable.h"
#include "swarmgate/secrets.h"

namespace swarmgate {

std::string_view NameOf(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::kConnect:
      return "connect";
    case ErrorClass::kHandshake:
      return "handshake";
    case ErrorClass::kTimeout:
      return "timeout";
    case ErrorClass::kProtocol:
      return "protocol";
    case ErrorClass::kCloseAbnormal:
      return "close_abnormal";
    case ErrorClass::kServer:
      return "server";
    case ErrorClass::kHttp:
      return "http";
    case ErrorClass::kCount_:
      break;
  }
  return "?";
}

void ErrorLog::Note(ErrorClass error_class, std::string_view message) {
  Tally& t = tallies_[static_cast<std::size_t>(error_class)];
  // Samples often hold a server's bytes: kept printable and valid UTF-8 for reports.
  // Redacted before shortening, so that no part of a secret survives at the cut.
  if (t.count++ != 0) return;
  t.sample = Printable(secrets_ ? secrets_->Redact(message) : std::string(message), 200);
}

void ErrorLog::Merge(const ErrorLog& other) {
  for (std::size_t i = 0; i < tallies_.size(); ++i) {
    if (tallies_[i].count == 0) tallies_[i].sample = other.tallies_[i].sample;
    tallies_[i].count += other.tallies_[i].count;
  }
}

void ErrorLog::AddTally(ErrorClass error_class, Tally tally) {
  Tally& t = tallies_[static_cast<std::size_t>(error_class)];
  if (t.count == 0) t.sample = std::move(tally.sample);
  t.count += tally.count;
}

}  // namespace swarmgate
