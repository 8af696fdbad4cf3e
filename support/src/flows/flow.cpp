#include "flow.h"

namespace swarmgate {

const FlowTraits& TraitsOf(Flow flow) {
  switch (flow) {
    case Flow::kSaturate:
      return SaturateFlow();
    case Flow::kMatchmaking:
      return MatchmakingFlow();
    case Flow::kChat:
      return ChatFlow();
    case Flow::kSignaling:
      return SignalingFlow();
    case Flow::kCallBurst:
      return CallBurstFlow();
    case Flow::kReconnectStorm:
      return ReconnectStormFlow();
    case Flow::kBreakingPoint:
      return BreakingPointFlow();
    case Flow::kHttpRate:
      return HttpRateFlow();
    case Flow::kHttpMix:
      return HttpMixFlow();
  }
  return SaturateFlow();  // unreachable: every flow is listed above
}

}  // namespace swarmgate
