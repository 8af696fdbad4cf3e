#pragma once
// What the engine knows of each flow besides its users' behaviour. Each flow is one file in
// this folder (a VirtualUser subclass and its entry here), matching one scenario family in
// perf/ (perf/<flow>.cpp); soak rows mix rows of the other flows.

#include <memory>
#include <vector>

#include "swarmgate/dialect.h"
#include "swarmgate/flow_params.h"
#include "swarmgate/metrics.h"

namespace swarmgate {

class SwarmThread;
class VirtualUser;

struct FlowTraits {
  // What the flow is mostly about: followed first, per second and per window.
  Latency main_latency;
  // Speaks HTTP whatever the profile: its requests name their own paths.
  bool over_http = false;
  // The verbs, beyond the session's, that the flow sends and waits for: a profile must map
  // them for the flow to run.
  std::vector<Action> actions;
  std::vector<EventKind> events;
  // The virtual user with this index in the row.
  std::unique_ptr<VirtualUser> (*make_user)(SwarmThread* thread, int index);
};

const FlowTraits& TraitsOf(Flow flow);

// make_user for flows whose users are all of one class.
template <typename User>
std::unique_ptr<VirtualUser> MakeUserOf(SwarmThread* thread, int index) {
  return std::make_unique<User>(thread, index);
}

// The entries, one per flow file.
const FlowTraits& SaturateFlow();
const FlowTraits& MatchmakingFlow();
const FlowTraits& ChatFlow();
const FlowTraits& SignalingFlow();
const FlowTraits& CallBurstFlow();
const FlowTraits& ReconnectStormFlow();
const FlowTraits& BreakingPointFlow();
const FlowTraits& HttpRateFlow();
const FlowTraits& HttpMixFlow();

}  // namespace swarmgate
