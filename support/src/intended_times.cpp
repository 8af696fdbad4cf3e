#include "intended_times.h"

#include <algorithm>

namespace swarmgate {
namespace {

// The fractional part of index * step: with an irrational step, a low-discrepancy sequence.
double Fraction(int index, double step) {
  const double x = index * step;
  return x - static_cast<long long>(x);
}

constexpr double kGolden = 0.6180339887498949;   // phases, user types, drop order and times
constexpr double kPlastic = 0.7548776662466927;  // call_burst answer delays
constexpr double kReturn = 0.5698402909980532;   // reconnect_storm return delays

}  // namespace

double SpreadOf(int index) { return Fraction(index, kGolden); }

IntendedTimes::IntendedTimes(const LoadSpec& row, Micros start_us)
    : row_(row), start_us_(start_us) {}

Micros IntendedTimes::ConnectUs(int index) const {
  double offset_s = row_.connect_ramp_s * index / row_.users;
  if (const auto* calls = std::get_if<CallBurstParams>(&row_.params)) {
    if (index >= calls->agents) return VisitorArrivalUs(index - calls->agents);
    offset_s = row_.connect_ramp_s * index / calls->agents;
  } else if (const auto* steps = std::get_if<BreakingPointParams>(&row_.params)) {
    offset_s = (index / steps->step_users) * steps->step_s +
               row_.connect_ramp_s * (index % steps->step_users) / steps->step_users;
  }
  return OnGrid(start_us_ + SecondsToMicros(offset_s));
}

Micros IntendedTimes::FindMatchUs(int index) const {
  const MatchParams& match = *MatchPartOf(row_.params);
  return start_us_ +
         SecondsToMicros(row_.connect_ramp_s + match.match_window_s * index / row_.users);
}

Micros IntendedTimes::RematchEndUs() const {
  return start_us_ + SecondsToMicros(row_.connect_ramp_s + MatchPartOf(row_.params)->rematch_for_s);
}

Micros IntendedTimes::HoldEndUs() const {
  const double hold_s = std::visit(
      [](const auto& p) -> double {
        using Block = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<Block, SaturateParams> ||
                      std::is_same_v<Block, HttpRateParams> ||
                      std::is_same_v<Block, HttpMixParams>) {
          return p.hold_s;
        } else {
          return 0;
        }
      },
      row_.params);
  return start_us_ + SecondsToMicros(row_.connect_ramp_s + hold_s);
}

Micros IntendedTimes::FirstSendUs(Micros chat_start_us, double interval_s, int index) const {
  return OnGrid(chat_start_us + SecondsToMicros(interval_s * SpreadOf(index)));
}

Micros IntendedTimes::LastStepEndUs() const {
  const auto& steps = row_.Params<BreakingPointParams>();
  return start_us_ + SecondsToMicros(row_.users / steps.step_users * steps.step_s);
}

Micros IntendedTimes::VisitorArrivalUs(int visitor) const {
  const auto& calls = row_.Params<CallBurstParams>();
  return start_us_ + SecondsToMicros(row_.connect_ramp_s + 1 + visitor / calls.call_rate_per_s);
}

Micros IntendedTimes::AgentsOffDutyUs() const {
  const auto& calls = row_.Params<CallBurstParams>();
  const int last_visitor = row_.users - calls.agents - 1;
  return VisitorArrivalUs(last_visitor) + SecondsToMicros(calls.call_wait_s);
}

Micros IntendedTimes::AnswerDelayUs(int visitor) const {
  const auto& calls = row_.Params<CallBurstParams>();
  return SecondsToMicros(calls.answer_delay_min_s +
                         Fraction(visitor, kPlastic) *
                             (calls.answer_delay_max_s - calls.answer_delay_min_s));
}

bool IntendedTimes::Drops(int index) const {
  return SpreadOf(index * 3 + 1) < row_.Params<ReconnectStormParams>().drop_share;
}

Micros IntendedTimes::DropUs(int index) const {
  const auto& storm = row_.Params<ReconnectStormParams>();
  return start_us_ + SecondsToMicros(row_.connect_ramp_s + storm.drop_after_s +
                                     storm.drop_window_s * SpreadOf(index));
}

Micros IntendedTimes::ReturnDelayUs(int index) const {
  return SecondsToMicros(Fraction(index, kReturn) *
                         row_.Params<ReconnectStormParams>().return_delay_max_s);
}

std::int64_t IntendedTimes::PlannedRequests() const {
  const auto& rate = row_.Params<HttpRateParams>();
  return static_cast<std::int64_t>(rate.request_rate_per_s * rate.hold_s);
}

Micros IntendedTimes::RequestUs(std::int64_t request) const {
  const auto& rate = row_.Params<HttpRateParams>();
  return start_us_ + SecondsToMicros(row_.connect_ramp_s) +
         static_cast<Micros>(static_cast<double>(request) * kMicrosPerSecond /
                             rate.request_rate_per_s);
}

double IntendedTimes::WindowS() const {
  if (const auto* steps = std::get_if<BreakingPointParams>(&row_.params)) return steps->step_s;
  return row_.window_s > 0 ? row_.window_s : 60;
}

double IntendedTimes::SteadyFromS() const {
  const MatchParams* match = MatchPartOf(row_.params);
  return row_.connect_ramp_s + (match ? match->match_window_s : 0);
}

double PlannedDurationS(const LoadSpec& row) {
  const double connect_s = row.connect_ramp_s + 5;  // + the handshake timeout of the last user
  switch (row.flow()) {
    case Flow::kSaturate:
      return connect_s + row.Params<SaturateParams>().hold_s + 5;  // + the close handshake
    case Flow::kHttpRate:
      return connect_s + row.Params<HttpRateParams>().hold_s + 15;  // + the answer deadline
    case Flow::kHttpMix:
      return connect_s + row.Params<HttpMixParams>().hold_s + 15;
    case Flow::kCallBurst: {
      const auto& calls = row.Params<CallBurstParams>();
      const double arrivals_s = (row.users - calls.agents) / calls.call_rate_per_s;
      return connect_s + 1 + arrivals_s + calls.call_wait_s + 5;
    }
    case Flow::kBreakingPoint: {
      const auto& steps = row.Params<BreakingPointParams>();
      return row.users / steps.step_users * steps.step_s + steps.chat.match.drain_s + 10 +
             10;  // + leave and partner_left
    }
    default: {
      const MatchParams& match = *MatchPartOf(row.params);
      const double one_chat_s =
          match.match_timeout_s + match.chat_s + match.drain_s + 10;  // + leave and partner_left
      return connect_s + std::max(match.match_window_s, match.rematch_for_s) + one_chat_s + 5;
    }
  }
}

const HttpUserType& UserTypeOf(const HttpMixParams& mix, int index) {
  double total = 0;
  for (const HttpUserType& t : mix.user_types) total += t.weight;
  double at = SpreadOf(index) * total;
  for (const HttpUserType& t : mix.user_types) {
    if (at < t.weight) return t;
    at -= t.weight;
  }
  return mix.user_types.back();
}

HttpMixSchedule::HttpMixSchedule(const HttpUserType& type, int user_index, Micros first_us,
                                 Micros end_us)
    : type_(&type),
      next_us_(first_us),
      end_us_(end_us),
      state_(0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(user_index + 1)) {
  // Users start at a random point of their first think time, not all at once.
  next_us_ += SecondsToMicros(Uniform() * type_->think_max_s);
  burst_left_ = DrawBurst();
}

double HttpMixSchedule::Uniform() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) / static_cast<double>(1ULL << 53);
}

int HttpMixSchedule::DrawBurst() {
  const int span = type_->burst_max - type_->burst_min + 1;
  return type_->burst_min + static_cast<int>(Uniform() * span);
}

void HttpMixSchedule::Advance() {
  if (--burst_left_ > 0) {
    next_us_ += SecondsToMicros(type_->burst_gap_s);
    return;
  }
  const double think_s = type_->think_min_s + Uniform() * (type_->think_max_s - type_->think_min_s);
  next_us_ += SecondsToMicros(think_s);
  burst_left_ = DrawBurst();
}

std::int64_t HttpMixSchedule::Count() const {
  HttpMixSchedule copy = *this;
  std::int64_t n = 0;
  for (; !copy.done(); copy.Advance()) ++n;
  return n;
}

}  // namespace swarmgate
