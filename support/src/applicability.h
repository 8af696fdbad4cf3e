#pragma once
// What a run cannot measure because of the server's shape, as its dialect describes it: a
// typing gate where the server has no typing indicators, pairing time where the swarm pairs
// users itself. Such thresholds are listed with their reason, never passed or failed.

#include "swarmgate/dialect.h"
#include "swarmgate/load_spec.h"
#include "swarmgate/verdict.h"

namespace swarmgate {

NotApplicable NotApplicableMetrics(const LoadSpec& row, const Dialect& dialect);

// The checks of a pair's consistency the server's shape leaves out, one line each.
std::vector<std::string> PairCheckNotes(const LoadSpec& row, const Dialect& dialect);

}  // namespace swarmgate
