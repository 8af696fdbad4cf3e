// Call burst: a support desk under a rush of call requests. Agents (users [0, agents))
// connect over the ramp, identify, register and take calls until the last visitor has waited
// its longest. Every other user is a visitor: it connects at its intended arrival time,
// identifies, requests one call and closes once it is answered, times out or is given up.
// The call id is the visitor's stamp (its index and intended arrival), which the server hands
// to the ringing agent: the agent learns the ring time and which visitor calls, and from the
// visitor's number what it was told to do (accept or reject after a think time, or let it
// ring), which the visitor checks against the outcome it gets.
#include <map>

#include "flows/flow.h"
#include "intended_times.h"
#include "swarm_thread.h"
#include "swarmgate/message_stamp.h"
#include "virtual_user.h"

namespace swarmgate {
namespace {

enum class CallOutcome { kAccept, kReject, kNoAnswer };

// What the agents do with the call of the visitor with this user index, known to both sides:
// shares along the golden-ratio spread (the think time follows another sequence, so that
// outcome and delay are not correlated).
CallOutcome OutcomeOf(const CallBurstParams& calls, int user_index) {
  const double x = SpreadOf(user_index);
  if (x < calls.accept_share) return CallOutcome::kAccept;
  if (x < calls.accept_share + calls.reject_share) return CallOutcome::kReject;
  return CallOutcome::kNoAnswer;
}

class AgentUser final : public VirtualUser {
 public:
  using VirtualUser::VirtualUser;

 private:
  enum AgentTag : Tag { kOffDuty = kFirstFlowTag, kAnswerCall };

  const CallBurstParams& params() const { return thread_->spec().Params<CallBurstParams>(); }

  void Ready() override {
    state_ = State::kFlow;  // on duty
    Send(Action::kRegisterAgent);
    At(thread_->times().AgentsOffDutyUs(), kOffDuty);
  }

  void OnFlowTimer(Tag tag) override {
    if (state_ != State::kFlow) return;
    if (tag == kOffDuty) CloseNow();
    if (tag == kAnswerCall) SendDueAnswers();
  }

  void OnFlowEvent(const Event& event, Micros now) override {
    if (event.kind == EventKind::kIncomingCall) return OnIncomingCall(event, now);
    if (event.kind == EventKind::kCallTimeout && state_ == State::kFlow) return;  // cancelled
    if (event.kind == EventKind::kCallAnswered || event.kind == EventKind::kCallTimeout) {
      return ProtocolError("the end of a call this user did not make", event.call_id);
    }
    VirtualUser::OnFlowEvent(event, now);
  }

  void OnIncomingCall(const Event& event, Micros now) {
    MessageStamp stamp;
    if (state_ != State::kFlow) return ProtocolError("a call for an agent off duty", {});
    if (!ReadStamp(event.call_id, &stamp) ||
        stamp.sender < static_cast<std::uint32_t>(params().agents) ||
        stamp.sender >= static_cast<std::uint32_t>(thread_->spec().users)) {
      return ProtocolError(
          "an incoming call whose id is no visitor's (does "
          "/events/incoming_call capture \"call.id\", the id the visitor sent?)",
          event.call_id);
    }
    thread_->recorder().Record(Latency::kRingTime,
                               StampAge(now - thread_->times().start_us(), stamp.intended_us));
    const int visitor = static_cast<int>(stamp.sender);
    const CallOutcome outcome = OutcomeOf(params(), visitor);
    if (outcome == CallOutcome::kNoAnswer) return;  // let it ring
    const Micros due_us = now + thread_->times().AnswerDelayUs(visitor);
    pending_answers_.emplace(
        due_us, std::make_pair(std::string(event.call_id), outcome == CallOutcome::kAccept));
    At(due_us, kAnswerCall);
  }

  void SendDueAnswers() {
    const Micros now = NowMicros();
    while (!pending_answers_.empty() && pending_answers_.begin()->first <= now) {
      const auto& [call_id, accept] = pending_answers_.begin()->second;
      ActionArgs args;
      args.call_id = call_id;
      args.call_decision = accept ? "accept" : "reject";
      Send(Action::kAnswerCall, args);
      pending_answers_.erase(pending_answers_.begin());
    }
  }

  // Answers to send, by due time: call id and whether to accept.
  std::multimap<Micros, std::pair<std::string, bool>> pending_answers_;
};

class VisitorUser final : public VirtualUser {
 public:
  using VirtualUser::VirtualUser;

 private:
  enum VisitorTag : Tag { kCallWait = kFirstFlowTag };

  const CallBurstParams& params() const { return thread_->spec().Params<CallBurstParams>(); }
  Micros ArrivalUs() const { return thread_->times().ConnectUs(index_); }

  // An arrival is an open-model send: its lateness is the generator's.
  void ConnectDue() override {
    NotePacedSend(ArrivalUs(), NowMicros());
    VirtualUser::ConnectDue();
  }

  void Ready() override {
    const Micros arrival_us = ArrivalUs();
    state_ = State::kFlow;  // calling
    std::string& id = thread_->text_buffer();
    const Micros zero = thread_->times().start_us();
    WriteStampedText({static_cast<std::uint32_t>(index_), 0, arrival_us - zero, NowMicros() - zero},
                     0, &id);
    call_id_ = id;
    ActionArgs args;
    args.call_id = call_id_;
    Send(Action::kRequestCall, args);
    thread_->recorder().Add(Counter::kCallsRequested);
    At(arrival_us + SecondsToMicros(params().call_wait_s), kCallWait);
  }

  void OnFlowTimer(Tag tag) override {
    if (tag == kCallWait && state_ == State::kFlow) {
      thread_->recorder().Add(Counter::kCallsLost);
      CloseNow();
    }
  }

  void OnFlowEvent(const Event& event, Micros now) override {
    if (event.kind == EventKind::kIncomingCall) {
      return ProtocolError("a call for a user who is no agent", {});
    }
    if (event.kind == EventKind::kCallAnswered || event.kind == EventKind::kCallTimeout) {
      return OnCallEnded(event, now);
    }
    VirtualUser::OnFlowEvent(event, now);
  }

  // The call is over: each outcome is counted, and checked against what the agent was told
  // to do with it. A server may not repeat the call id; one call per visitor makes it
  // unambiguous anyway.
  void OnCallEnded(const Event& event, Micros now) {
    if (state_ != State::kFlow || (!event.call_id.empty() && event.call_id != call_id_)) {
      return ProtocolError("the end of a call this user did not make", event.call_id);
    }
    Recorder& recorder = thread_->recorder();
    CallOutcome outcome = CallOutcome::kNoAnswer;
    if (event.kind == EventKind::kCallTimeout) {
      recorder.Add(Counter::kCallsTimedOut);
    } else if (event.call_decision == "accept" || event.call_decision == "reject") {
      outcome = event.call_decision == "accept" ? CallOutcome::kAccept : CallOutcome::kReject;
      recorder.Add(outcome == CallOutcome::kAccept ? Counter::kCallsAccepted
                                                   : Counter::kCallsRejected);
      recorder.Record(Latency::kCallSetupTime, now - ArrivalUs());
    } else {
      return ProtocolError(
          "a call answer that is neither accept nor reject (does "
          "/events/call_answered capture or set \"call.decision\"?)",
          event.call_decision);
    }
    if (outcome != OutcomeOf(params(), index_)) recorder.Add(Counter::kCallsMisanswered);
    CloseNow();
  }

  std::string call_id_;  // a stamp
};

std::unique_ptr<VirtualUser> MakeUser(SwarmThread* thread, int index) {
  if (index < thread->spec().Params<CallBurstParams>().agents) {
    return std::make_unique<AgentUser>(thread, index);
  }
  return std::make_unique<VisitorUser>(thread, index);
}

}  // namespace

const FlowTraits& CallBurstFlow() {
  static const FlowTraits traits{
      Latency::kCallSetupTime,
      false,
      {Action::kRegisterAgent, Action::kRequestCall, Action::kAnswerCall},
      {EventKind::kIncomingCall, EventKind::kCallAnswered},
      MakeUser};
  return traits;
}

}  // namespace swarmgate
