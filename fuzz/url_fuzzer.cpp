// A server or metrics URL (SWARMGATE_TARGET, SWARMGATE_METRICS_URL). Parsing only: host
// names are not resolved here, so the fuzzer makes no lookups.
#include "fuzz_input.h"
#include "swarmgate/target_url.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  const std::string_view text = fuzz::AsText(data, size);
  std::string error;
  if (const auto url = ParseServerUrl(text, &error)) {
    // What was accepted prints back as a URL that parses to the same parts.
    std::string again_error;
    const auto again = ParseServerUrl(url->ToString(), &again_error);
    if (!again || again->host != url->host || again->port != url->port ||
        again->resource != url->resource) {
      __builtin_trap();
    }
    IsLoopbackAddress(url->host);
  } else if (error.empty() || error.size() > 2 * kMaxUrlBytes) {
    __builtin_trap();  // a refusal says why, in a bounded line
  }
  return 0;
}
