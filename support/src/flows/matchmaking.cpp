// Matchmaking: the session's matching cycle alone (virtual_user.h): connect, identify,
// find_match, accept, and hold the chat silently for chat_s; one side then leaves and the
// other must be told. With rematch_for_s both sides queue again after each chat.
#include "flow.h"
#include "virtual_user.h"

namespace swarmgate {
namespace {

class MatchmakingUser final : public VirtualUser {
 public:
  using VirtualUser::VirtualUser;
};

}  // namespace

const FlowTraits& MatchmakingFlow() {
  static const FlowTraits traits{Latency::kPairingTime, false, {}, {}, MakeUserOf<MatchmakingUser>};
  return traits;
}

}  // namespace swarmgate
