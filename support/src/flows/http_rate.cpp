// HTTP at a constant rate, as vegeta drives it: request i of the swarm is due at
// ramp + i / rate whatever earlier answers did (an open model), and user u of n sends
// requests u, u + n, ... over its keep-alive connection.
#include "flows/flow.h"
#include "flows/http_requests.h"
#include "intended_times.h"
#include "swarm_thread.h"

namespace swarmgate {
namespace {

class HttpRateUser final : public HttpRequestUser {
 public:
  HttpRateUser(SwarmThread* thread, int index) : HttpRequestUser(thread, index) {
    next_request_ = index;
  }

 private:
  std::int64_t PlannedRequests() const override {
    const std::int64_t total = thread_->times().PlannedRequests();
    return index_ < total ? (total - index_ - 1) / thread_->spec().users + 1 : 0;
  }
  bool RequestsDone() const override { return next_request_ >= thread_->times().PlannedRequests(); }
  Micros NextRequestUs() const override { return thread_->times().RequestUs(next_request_); }
  void AdvanceRequests() override { next_request_ += thread_->spec().users; }
  const std::vector<std::string>& paths() const override {
    return thread_->spec().Params<HttpRateParams>().paths;
  }
};

}  // namespace

const FlowTraits& HttpRateFlow() {
  static const FlowTraits traits{Latency::kHttpLatency, true, {}, {}, MakeUserOf<HttpRateUser>};
  return traits;
}

}  // namespace swarmgate
