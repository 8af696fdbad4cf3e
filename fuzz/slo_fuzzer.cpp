// An SLO file (SWARMGATE_SLO, --slo): read and checked, and when valid, laid over a row's
// thresholds for every family and row it names.
#include "fuzz_input.h"
#include "swarmgate/slo.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  std::vector<std::string> errors;
  const auto slo = ParseSlo(fuzz::AsText(data, size), "fuzz.json", &errors);
  if (!slo) return 0;
  const std::vector<std::string> own = {"message_latency p95 < 100ms", "messages_lost count == 0"};
  std::size_t bounds = 0;
  for (const auto& [family, list] : slo->families)
    bounds += ApplySlo(own, &*slo, family, "").size();
  for (const auto& [row, list] : slo->rows) bounds += ApplySlo(own, &*slo, "chat", row).size();
  return bounds == 0 && !(slo->families.empty() && slo->rows.empty());  // never
}
