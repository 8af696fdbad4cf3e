// Saturate: each user connects at its place in the ramp, holds the connection idle (answering
// only its transport, such as Socket.IO pings) until the end of the hold, then closes. With a
// connection lifetime, each connection closes after that long and its user connects again at
// once, until the hold ends (churn).
#include "flow.h"
#include "intended_times.h"
#include "swarm_thread.h"
#include "virtual_user.h"

namespace swarmgate {
namespace {

class SaturateUser final : public VirtualUser {
 public:
  using VirtualUser::VirtualUser;

 private:
  enum SaturateTag : Tag { kHoldEnd = kFirstFlowTag };

  const SaturateParams& params() const { return thread_->spec().Params<SaturateParams>(); }

  void Opened(Micros now) override {
    state_ = State::kHolding;
    Micros hold_end_us = thread_->times().HoldEndUs();
    if (params().connection_lifetime_s > 0) {
      hold_end_us = std::min(hold_end_us, now + SecondsToMicros(params().connection_lifetime_s));
    }
    At(hold_end_us, kHoldEnd);
  }

  void OnFlowTimer(Tag tag) override {
    if (tag == kHoldEnd && state_ == State::kHolding) CloseNow();
  }

  bool ComesBack() override {
    if (!closing_ || state_ != State::kClosing || params().connection_lifetime_s <= 0 ||
        NowMicros() >= thread_->times().HoldEndUs()) {
      return false;
    }
    ReconnectAt(NowMicros());
    return true;
  }
};

}  // namespace

const FlowTraits& SaturateFlow() {
  static const FlowTraits traits{Latency::kConnectTime, false, {}, {}, MakeUserOf<SaturateUser>};
  return traits;
}

}  // namespace swarmgate
