#include "swarmgate/load_spec.h"

#include <gtest/gtest.h>

#include <set>

namespace swarmgate {
namespace {

using namespace std::chrono_literals;

TEST(LoadSpec, AValidRowHasNoProblems) {
  const LoadSpec row =
      LoadSpec("Pairs20", ChatParams()).Pairs(20).Ramp(1s).ChatFor(10s).MessageEvery(500ms);
  EXPECT_EQ(row.flow(), Flow::kChat);
  EXPECT_TRUE(row.Validate().empty());
  EXPECT_EQ(row.Params<ChatParams>().match.chat_s, 10);
  EXPECT_EQ(row.Params<ChatParams>().message_interval_s, 0.5);
}

TEST(LoadSpec, ReportsEveryProblemAtOnceNamingTheRow) {
  const LoadSpec row = LoadSpec("Broken", ChatParams())
                           .Users(3)
                           .Ramp(-1s)
                           .MatchTimeout(0s)
                           .MessageEvery(50ms)
                           .PayloadBytes(-5);
  const std::vector<std::string> expected = {
      "row Broken: matching flows need an even number of users",
      "row Broken: durations must be >= 0",
      "row Broken: match_timeout_s must be > 0",
      "row Broken: chat_s must be > 0",
      "row Broken: typing_lead_s must lie in [0, message_interval_s)",
      "row Broken: payload_bytes must lie in 0..1 MiB",
  };
  EXPECT_EQ(row.Validate(), expected);
}

TEST(LoadSpec, EachFlowChecksItsOwnParameters) {
  LoadSpec calls = LoadSpec("Calls", CallBurstParams()).Agents(5).CallRate(2).Users(25).Ramp(1s);
  EXPECT_TRUE(calls.Validate().empty());
  calls.AcceptShare(0.8).RejectShare(0.3).AnswerDelay(2s, 1s);
  EXPECT_EQ(calls.Validate(),
            (std::vector<std::string>{
                "row Calls: accept_share and reject_share must be >= 0 and sum to at most 1",
                "row Calls: answer delays must satisfy 0 <= min <= max < call_wait_s"}));

  LoadSpec storm = LoadSpec("Storm", ReconnectStormParams())
                       .Pairs(10)
                       .Ramp(2s)
                       .ChatFor(30s)
                       .DropShare(0.5)
                       .DropAfter(3s)
                       .DropWindow(5s)
                       .ReturnWithin(10s);
  EXPECT_TRUE(storm.Validate().empty());
  storm.ChatFor(20s);  // a return could come after the chat ended
  EXPECT_EQ(storm.Validate().size(), 1u);

  const LoadSpec signaling =
      LoadSpec("Signals", SignalingParams()).Pairs(1).ChatFor(10s).IceCandidates(65);
  EXPECT_EQ(signaling.Validate(),
            (std::vector<std::string>{"row Signals: ice_candidates must lie in 0..64"}));

  const LoadSpec steps = LoadSpec("Steps", BreakingPointParams())
                             .Users(1'000)
                             .StepUsers(300)
                             .StepEvery(5s)
                             .ChatFor(10s)
                             .Window(5s);
  EXPECT_EQ(steps.Validate(),
            (std::vector<std::string>{
                "row Steps: chat_s, match_window_s and rematching do not apply to breaking_point "
                "(every chat lasts until the last step ends)",
                "row Steps: breaking_point needs an even step_users dividing users, step_s > "
                "connect_ramp_s and a latency bound",
                "row Steps: window_s does not apply to breaking_point (one window per step)"}));
}

TEST(LoadSpec, ASetterForAParameterTheFlowDoesNotHaveIsAProblem) {
  const LoadSpec row = LoadSpec("Conns", SaturateParams())
                           .Users(10)
                           .Hold(5s)
                           .ChatFor(10s)
                           .IceCandidates(4)
                           .MessageEvery(1s);
  EXPECT_EQ(row.Validate(),
            (std::vector<std::string>{
                "row Conns: chat_s does not apply to the saturate flow, which matches nobody",
                "row Conns: ice_candidates does not apply to the saturate flow",
                "row Conns: message_interval_s does not apply to the saturate flow, which sends "
                "no messages"}));
}

// Reports and runners list a row through ForEachParameter: every name once, and each flow's
// own parameters after the common ones.
TEST(LoadSpec, EveryFlowListsItsParametersOnceEach) {
  const FlowParams flows[] = {SaturateParams(),      MatchmakingParams(), ChatParams(),
                              SignalingParams(),     CallBurstParams(),   ReconnectStormParams(),
                              BreakingPointParams(), HttpRateParams(),    HttpMixParams()};
  for (const FlowParams& params : flows) {
    const LoadSpec row("Row", params);
    std::vector<std::string> names;
    row.ForEachParameter(
        [&names](std::string_view name, const auto&, std::string_view, std::string_view help) {
          names.emplace_back(name);
          EXPECT_FALSE(help.empty()) << name;
        });
    const std::set<std::string> distinct(names.begin(), names.end());
    EXPECT_EQ(distinct.size(), names.size()) << NameOf(row.flow());
    EXPECT_EQ(names.front(), "users");
    EXPECT_GT(names.size(), 14u) << NameOf(row.flow());  // the common ones and the flow's
  }
  std::vector<std::string> storm;
  LoadSpec("Storm", ReconnectStormParams())
      .ForEachParameter(
          [&storm](std::string_view name, const auto&, auto, auto) { storm.emplace_back(name); });
  for (const char* name : {"chat_s", "message_interval_s", "drop_share", "return_delay_max_s"}) {
    EXPECT_NE(std::find(storm.begin(), storm.end(), name), storm.end()) << name;
  }
}

}  // namespace
}  // namespace swarmgate
