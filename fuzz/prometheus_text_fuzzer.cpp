// A server's /metrics answer in the Prometheus text format, read for the samples the
// resource sampler asks for.
#include "fuzz_input.h"
#include "swarmgate/prometheus_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  const std::string_view text = fuzz::AsText(data, size);
  for (std::string_view name :
       {"process_resident_memory_bytes", "process_cpu_seconds_total", "chat_active_users", ""}) {
    PrometheusValue(text, name);
  }
  return 0;
}
