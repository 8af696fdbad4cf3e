// A threshold as a row or a user writes it ("pairing_time p95 < 1s").
#include "fuzz_input.h"
#include "swarmgate/threshold.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  std::string error;
  if (const auto threshold = ParseThreshold(fuzz::AsText(data, size), &error)) {
    FormatValue(*threshold, 0.25);
  } else if (error.empty()) {
    __builtin_trap();  // a refusal must say why
  }
  return 0;
}
