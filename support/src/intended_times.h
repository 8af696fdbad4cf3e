#pragma once
// When things are meant to happen: every intended time of a row, and nothing else, lives
// here. Times follow from the row, the user's index and the run's time zero, never from what
// the server did, so a slow server cannot slow a schedule down (no coordinated omission) and
// both sides of an exchange can know a time without telling each other (an agent knows when
// the visitor calling it arrived; a receiver knows the sender's intended send time from its
// stamp). Choices that must look random but be reproducible use low-discrepancy sequences of
// the user's index, one sequence per kind of choice so that choices are not correlated.

#include <cstdint>

#include "swarmgate/clock.h"
#include "swarmgate/load_spec.h"

namespace swarmgate {

// Spreads indices over [0, 1) evenly but not in index order (golden-ratio sequence), so
// that neighbours in the ramp do not act in lockstep.
double SpreadOf(int index);

// Paced times (connects, a chat's sends) fall on a grid from time zero: actions due in the
// same slot share one wakeup of their thread instead of one each, and each one's intended
// time is still exact, so latency from it stays true. 5 ms is far below any pace a row sets.
constexpr Micros kScheduleGridUs = 5 * kMicrosPerMilli;

class IntendedTimes {
 public:
  // The row must be valid; start_us is time zero of every schedule of the run.
  IntendedTimes(const LoadSpec& row, Micros start_us);

  Micros start_us() const { return start_us_; }
  // The first point of the schedule's grid at or after t.
  Micros OnGrid(Micros t) const {
    if (t <= start_us_) return t;
    return start_us_ + (t - start_us_ + kScheduleGridUs - 1) / kScheduleGridUs * kScheduleGridUs;
  }

  // When user `index` first connects: its place in the ramp (breaking_point: in its step's
  // ramp; call_burst: agents over the ramp, each visitor at its arrival).
  Micros ConnectUs(int index) const;
  // When user `index` sends its first find_match, with a match window (match_window_s > 0):
  // everybody connected first, then the requests spread over the window.
  Micros FindMatchUs(int index) const;
  // The last moment a new match may be asked for when users re-match after each chat.
  Micros RematchEndUs() const;
  // saturate, http: the end of the hold (connections close, requests stop).
  Micros HoldEndUs() const;

  // A chat's first send: the user's phase within the interval keeps the swarm's sends spread
  // out in time. Later sends follow every interval_s.
  Micros FirstSendUs(Micros chat_start_us, double interval_s, int index) const;
  // breaking_point: every chat lasts until the last step has had its step_s.
  Micros LastStepEndUs() const;

  // call_burst: visitor number v (user agents + v) arrives, connects and calls at this time.
  Micros VisitorArrivalUs(int visitor) const;
  // call_burst: agents take calls until the last visitor has arrived and waited its longest.
  Micros AgentsOffDutyUs() const;
  // call_burst: how long the agent thinks before answering visitor number v.
  Micros AnswerDelayUs(int visitor) const;

  // reconnect_storm: whether user `index` drops its connection during the chat, when, and
  // how long after dropping it comes back.
  bool Drops(int index) const;
  Micros DropUs(int index) const;
  Micros ReturnDelayUs(int index) const;

  // http_rate: the swarm's schedule of requests, request i at ramp + i / rate, shared out
  // over the users in turn (user u sends u, u + users, ...).
  std::int64_t PlannedRequests() const;
  Micros RequestUs(std::int64_t request) const;

  // The report's window length and where the steady state begins (after the ramp and any
  // match window), in seconds from time zero.
  double WindowS() const;
  double SteadyFromS() const;

 private:
  const LoadSpec& row_;
  Micros start_us_;
};

// http_mix: the type of user `index` (spread over the weights, not in index order).
const HttpUserType& UserTypeOf(const HttpMixParams& mix, int index);

// http_mix: when one user sends its requests: bursts of requests a gap apart, then a think
// time, repeated until the end of the hold. Each time is chained from the previous intended
// time, never from answers; deterministic per user, so the plan can be counted before the run.
class HttpMixSchedule {
 public:
  // The schedule of user `user_index` of type `type`, from first_us until end_us.
  HttpMixSchedule(const HttpUserType& type, int user_index, Micros first_us, Micros end_us);

  bool done() const { return next_us_ >= end_us_; }
  Micros next_us() const { return next_us_; }  // the next request's intended time
  void Advance();                              // past the next request

  // How many requests the whole schedule holds.
  std::int64_t Count() const;

 private:
  double Uniform();  // in [0, 1), from the user's own generator
  int DrawBurst();

  const HttpUserType* type_;
  Micros next_us_;
  Micros end_us_;
  std::uint64_t state_;  // splitmix64
  int burst_left_ = 0;
};

}  // namespace swarmgate
