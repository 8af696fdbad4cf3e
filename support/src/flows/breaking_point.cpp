// Breaking point: chatting users added in steps. Step k's users connect over the ramp from
// k * step_s (intended_times.cpp) and chat as in the chat flow until every step has had its
// step_s; each step is then judged on its own window (breaking_point.h).
#include "flows/chat.h"
#include "flows/flow.h"
#include "intended_times.h"
#include "swarm_thread.h"

namespace swarmgate {
namespace {

class BreakingPointUser final : public ChatUser {
 public:
  using ChatUser::ChatUser;

 private:
  Micros ChatEndUs(Micros) const override { return thread_->times().LastStepEndUs(); }
};

}  // namespace

const FlowTraits& BreakingPointFlow() {
  static const FlowTraits traits{Latency::kMessageLatency,
                                 false,
                                 {Action::kMessage},
                                 {EventKind::kMessage},
                                 MakeUserOf<BreakingPointUser>};
  return traits;
}

}  // namespace swarmgate
