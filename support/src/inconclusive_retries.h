#pragma once
// An inconclusive row run again (RunEnvironment::inconclusive_retries): on two shared cores a
// moment of contention can leave the swarm, not the server, setting the pace. A row is run
// again only while the test's timeout leaves room for a whole attempt; rows that starve their
// own swarm on purpose and shards (judged by their merge) are not. The verdict says which
// attempts were inconclusive, and why.

#include <functional>

#include "swarmgate/clock.h"
#include "swarmgate/load_spec.h"
#include "swarmgate/run.h"
#include "swarmgate/secrets.h"

namespace swarmgate {

// Left for writing the report and stopping the server after the swarms' deadline.
constexpr double kTeardownMarginS = 10;

// The outcome of `attempt` for row, run again while it is inconclusive. started_us: when the
// row started (the timeout counts from it); secrets: the run's (they may be known only after
// the first attempt), for the lines printed.
RowOutcome RunRetryingInconclusive(const LoadSpec& row, const RunEnvironment& env,
                                   Micros started_us, const Secrets& secrets,
                                   const std::function<RowOutcome(const RunEnvironment&)>& attempt);

}  // namespace swarmgate
