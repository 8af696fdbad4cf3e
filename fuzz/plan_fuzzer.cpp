// A plan file (swarmgate run PLAN.json, swarmgate_add_plan): read and checked through the row
// builder, and when valid, every row's planned duration taken.
#include "fuzz_input.h"
#include "swarmgate/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  std::vector<std::string> errors;
  const auto plan = ParsePlan(fuzz::AsText(data, size), "fuzz.json", &errors);
  if (!plan) return 0;
  double planned_s = 0;
  for (const PlannedRow& r : plan->rows) planned_s += PlannedDurationS(r.row);
  return planned_s < 0;  // never: keeps the sum from being optimized away
}
