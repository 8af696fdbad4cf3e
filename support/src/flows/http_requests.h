#pragma once
// A user that sends GETs over its keep-alive connection on a schedule of intended times and
// times each answer from its request's intended time, so a server that falls behind the
// schedule shows in http_latency (http_rate and http_mix differ only in the schedule).

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "virtual_user.h"

namespace swarmgate {

class HttpRequestUser : public VirtualUser {
 public:
  using VirtualUser::VirtualUser;

 protected:
  // The schedule.
  virtual std::int64_t PlannedRequests() const = 0;  // counted before the run
  virtual bool RequestsDone() const = 0;
  virtual Micros NextRequestUs() const = 0;  // the next request's intended time
  virtual void AdvanceRequests() = 0;        // past the next request
  virtual const std::vector<std::string>& paths() const = 0;

  // The next request's number in its schedule: it picks the path, in turn.
  std::int64_t next_request_ = 0;

 private:
  enum RequestTag : Tag { kRequest = kFirstFlowTag };

  void Start() override;
  void Opened(Micros now) override;
  void OnFlowTimer(Tag tag) override;
  void OnHttpResponse(int status, Micros elapsed_us, bool polled, std::string_view what) override;
  void OnFrame(std::string*) override {}  // the answer's time counts, not its body
  void SendRequest();

  std::deque<Micros> requests_in_flight_;  // their intended times, oldest first
};

}  // namespace swarmgate
