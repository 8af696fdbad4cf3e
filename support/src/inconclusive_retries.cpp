#include "inconclusive_retries.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace swarmgate {

RowOutcome RunRetryingInconclusive(
    const LoadSpec& row, const RunEnvironment& env, Micros started_us, const Secrets& secrets,
    const std::function<RowOutcome(const RunEnvironment&)>& attempt) {
  RowOutcome out = attempt(env);
  // A row that starves its swarm on purpose would only starve it again.
  bool starves_itself = row.generator_stall_ms > 0;
  double planned_s = PlannedDurationS(row);
  for (const LoadSpec& side : row.alongside) {
    starves_itself = starves_itself || side.generator_stall_ms > 0;
    planned_s = std::max(planned_s, PlannedDurationS(side));
  }
  std::vector<std::string> retry_notes;
  for (int again = 1; again <= env.inconclusive_retries && out.ran() && !env.shard.sharded() &&
                      !starves_itself && out.verdict.outcome == Outcome::kInconclusive;
       ++again) {
    const double left_s = env.timeout_s - (NowMicros() - started_us) / 1e6;
    const std::string reason = out.verdict.inconclusive_reasons.empty()
                                   ? std::string("the swarm set the pace")
                                   : out.verdict.inconclusive_reasons.front();
    if (planned_s + kTeardownMarginS > left_s) {
      out.verdict.notes.push_back("not run again: the timeout leaves " +
                                  std::to_string(std::lround(left_s)) + " s");
      break;
    }
    retry_notes.push_back("attempt " + std::to_string(again) + " was inconclusive (" + reason +
                          ") and was run again");
    if (env.print) {
      env.print(secrets.Redact("[ retry    ] " + env.row_id + ": attempt " + std::to_string(again) +
                               " inconclusive (" + reason + "): running the row again"));
    }
    RunEnvironment next = env;
    next.timeout_s = left_s;
    out = attempt(next);
  }
  if (out.ran()) {
    out.verdict.notes.insert(out.verdict.notes.begin(), retry_notes.begin(), retry_notes.end());
  }
  return out;
}

}  // namespace swarmgate
