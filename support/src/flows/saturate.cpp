// Saturate: each user connects at its place in the ramp, holds the connection idle (answering
// only its transport, such as Socket.IO pings) until the end of its hold (ramp + hold for
// all, or hold after its own first opening), then closes. With a connection lifetime, each
// connection closes after that long and its user connects again at once, until the hold ends
// (churn).
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
    if (hold_end_us_ == 0) {
      hold_end_us_ = params().hold_from == "open" ? now + SecondsToMicros(params().hold_s)
                                                  : thread_->times().HoldEndUs();
    }
    Micros close_us = hold_end_us_;
    if (params().connection_lifetime_s > 0) {
      close_us = std::min(close_us, now + SecondsToMicros(params().connection_lifetime_s));
    }
    At(close_us, kHoldEnd);
  }

  void OnFlowTimer(Tag tag) override {
    if (tag == kHoldEnd && state_ == State::kHolding) CloseNow();
  }

  bool ComesBack() override {
    if (!closing_ || state_ != State::kClosing || params().connection_lifetime_s <= 0 ||
        NowMicros() >= hold_end_us_) {
      return false;
    }
    ReconnectAt(NowMicros());
    return true;
  }

  Micros hold_end_us_ = 0;  // set when the user's first connection opens
};

}  // namespace

const FlowTraits& SaturateFlow() {
  static const FlowTraits traits{Latency::kConnectTime, false, {}, {}, MakeUserOf<SaturateUser>};
  return traits;
}

}  // namespace swarmgate
