// HTTP user mix (Locust-style user classes): users of weighted types, each sending bursts of
// GETs and thinking between them on its own schedule (HttpMixSchedule), chained from intended
// times and seeded by the user's index, so the plan is counted before the run and a slow
// server cannot slow it down.
#include <optional>

#include "flows/flow.h"
#include "flows/http_requests.h"
#include "intended_times.h"
#include "swarm_thread.h"

namespace swarmgate {
namespace {

class HttpMixUser final : public HttpRequestUser {
 public:
  HttpMixUser(SwarmThread* thread, int index)
      : HttpRequestUser(thread, index),
        schedule_(UserTypeOf(params(), index), index,
                  thread->times().start_us() + SecondsToMicros(thread->spec().connect_ramp_s),
                  thread->times().HoldEndUs()) {}

 private:
  const HttpMixParams& params() const { return thread_->spec().Params<HttpMixParams>(); }

  std::int64_t PlannedRequests() const override { return schedule_.Count(); }
  bool RequestsDone() const override { return schedule_.done(); }
  Micros NextRequestUs() const override { return schedule_.next_us(); }
  void AdvanceRequests() override {
    ++next_request_;
    schedule_.Advance();
  }
  const std::vector<std::string>& paths() const override { return params().paths; }

  HttpMixSchedule schedule_;
};

}  // namespace

const FlowTraits& HttpMixFlow() {
  static const FlowTraits traits{Latency::kHttpLatency, true, {}, {}, MakeUserOf<HttpMixUser>};
  return traits;
}

}  // namespace swarmgate
