#include "flows/http_requests.h"

#include "swarm_thread.h"

namespace swarmgate {

void HttpRequestUser::Start() {
  if (const std::int64_t planned = PlannedRequests(); planned > 0) {
    thread_->recorder().Add(Counter::kHttpPlanned, planned);
  }
  VirtualUser::Start();
}

void HttpRequestUser::Opened(Micros) {
  state_ = State::kFlow;  // requesting
  if (RequestsDone()) return CloseNow();
  At(NextRequestUs(), kRequest);
}

void HttpRequestUser::OnFlowTimer(Tag tag) {
  if (tag == kRequest && state_ == State::kFlow) SendRequest();
}

void HttpRequestUser::SendRequest() {
  const Micros intended_us = NextRequestUs();
  NotePacedSend(intended_us, NowMicros());
  requests_in_flight_.push_back(intended_us);
  std::string& request = thread_->frame_buffer();
  request = "GET ";
  request += paths()[static_cast<std::size_t>(next_request_) % paths().size()];
  request += '\n';
  thread_->client().Send(connection(), request);
  AdvanceRequests();
  if (!RequestsDone()) At(NextRequestUs(), kRequest);
}

void HttpRequestUser::OnHttpResponse(int status, Micros elapsed_us, bool, std::string_view what) {
  Recorder& recorder = thread_->recorder();
  if (!requests_in_flight_.empty()) {
    // From the intended time: a server that falls behind the schedule shows in the figure.
    if (status > 0)
      recorder.Record(Latency::kHttpLatency, NowMicros() - requests_in_flight_.front());
    requests_in_flight_.pop_front();
    if (requests_in_flight_.empty() && RequestsDone()) CloseNow();
  } else if (status > 0) {
    recorder.Record(Latency::kHttpLatency, elapsed_us);
  }
  NoteHttpAnswer(status, what);
}

}  // namespace swarmgate
