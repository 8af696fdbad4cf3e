#include "swarmgate/row_parameters.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

RowBuilder Builder(const char* family) { return RowBuilder(*FamilyNamed(family), "Row"); }

TEST(RowParameters, DurationsNeedAUnit) {
  EXPECT_EQ(ParseDurationSeconds("500ms"), 0.5);
  EXPECT_EQ(ParseDurationSeconds("30s"), 30);
  EXPECT_EQ(ParseDurationSeconds("2m"), 120);
  EXPECT_EQ(ParseDurationSeconds("1.5h"), 5400);
  for (const char* bad : {"30", "", "s", "-1s", "1d", "1e999s", "nan s", "10 s", "inf"}) {
    EXPECT_FALSE(ParseDurationSeconds(bad)) << bad;
  }
}

TEST(RowParameters, FlagsInTheFieldsHabitsSetTheRow) {
  RowBuilder b = Builder("chat");
  for (auto [name, value] : std::vector<std::pair<const char*, const char*>>{
           {"pairs", "100"},
           {"ramp", "10s"},
           {"chat-duration", "30s"},
           {"msg-interval", "2s"},
           {"msg-size", "256"},
           {"match-timeout", "5s"},
           {"threads", "2"},
       }) {
    EXPECT_EQ(b.Set(name, value), "") << name;
  }
  std::vector<std::string> problems;
  const LoadSpec row = b.Build(&problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(row.users, 200);
  EXPECT_EQ(row.connect_ramp_s, 10);
  EXPECT_EQ(row.threads, 2);
  const ChatParams& chat = row.Params<ChatParams>();
  EXPECT_EQ(chat.match.chat_s, 30);
  EXPECT_EQ(chat.message_interval_s, 2);
  EXPECT_EQ(chat.payload_bytes, 256);
  EXPECT_EQ(chat.match.match_timeout_s, 5);
}

TEST(RowParameters, BadValuesAreOneLineNamingTheValue) {
  RowBuilder b = Builder("chat");
  EXPECT_EQ(b.Set("ramp", "30"), "\"30\" is not a duration: give it a unit, ms, s, m or h (30s)");
  EXPECT_EQ(b.Set("pairs", "ten"), "\"ten\" is not a whole number of pairs");
  EXPECT_EQ(b.Set("msg-size", "-1"), "\"-1\" is not a whole number of bytes");
  EXPECT_EQ(b.Set("users", "99999999999"), "\"99999999999\" is not a whole number of users");
  EXPECT_EQ(b.Set("agents", "5"), "is not a parameter of the chat family");
  EXPECT_EQ(Builder("calls").Set("accept-share", "70 %"),
            "\"70 %\" is not a share: a number (0.7) or a percentage (70%)");
}

TEST(RowParameters, SharesAndRatesTakeTheirUsualForms) {
  RowBuilder b = Builder("calls");
  EXPECT_EQ(b.Set("accept-share", "60%"), "");
  EXPECT_EQ(b.Set("reject-share", "0.3"), "");
  EXPECT_EQ(b.Set("rate", "120/m"), "");
  std::vector<std::string> problems;
  const LoadSpec row = b.Build(&problems);
  EXPECT_TRUE(problems.empty());
  const CallBurstParams& calls = row.Params<CallBurstParams>();
  EXPECT_DOUBLE_EQ(calls.accept_share, 0.6);
  EXPECT_DOUBLE_EQ(calls.reject_share, 0.3);
  EXPECT_DOUBLE_EQ(calls.call_rate_per_s, 2);
}

TEST(RowParameters, AnArrivalRateSetsTheRamp) {
  RowBuilder b = Builder("saturate");
  EXPECT_EQ(b.Set("connections", "5000"), "");
  EXPECT_EQ(b.Set("rate", "500/s"), "");
  std::vector<std::string> problems;
  EXPECT_EQ(b.Build(&problems).connect_ramp_s, 10);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(b.Set("ramp", "3s"), "");
  b.Build(&problems);
  EXPECT_EQ(problems, std::vector<std::string>{"row Row: give --rate or --ramp, not both"});
}

TEST(RowParameters, SwitchesAndChoices) {
  RowBuilder chat = Builder("chat");
  EXPECT_EQ(chat.Set("typing", "false"), "");
  EXPECT_EQ(chat.Set("typing", "maybe"), "\"maybe\" is not true or false");
  std::vector<std::string> problems;
  EXPECT_FALSE(chat.Build(&problems).Params<ChatParams>().typing);
  RowBuilder saturate = Builder("saturate");
  EXPECT_EQ(saturate.Build(&problems).Params<SaturateParams>().hold_from, "open");
  EXPECT_EQ(saturate.Set("hold-from", "later"), "");
  saturate.Build(&problems);
  EXPECT_EQ(problems, std::vector<std::string>{"row Row: hold_from must be open or ramp-end"});
}

TEST(RowParameters, GivenThresholdsReplaceTheFamilysOnTheSameStatistic) {
  RowBuilder b = Builder("chat");
  EXPECT_EQ(b.Set("threshold", "message_latency p95 < 50ms"), "");
  EXPECT_EQ(b.Set("threshold", "message_latency p99 < 80ms"), "");
  std::vector<std::string> problems;
  const std::vector<std::string> thresholds = b.Build(&problems).thresholds;
  EXPECT_EQ(std::count(thresholds.begin(), thresholds.end(), "message_latency p95 < 100ms"), 0);
  EXPECT_EQ(thresholds.front(), "message_latency p95 < 50ms");
  EXPECT_EQ(thresholds.back(), "message_latency p99 < 80ms");
  EXPECT_EQ(thresholds.size(), WithServerBudget(ChatGates()).size() + 1);
}

TEST(RowParameters, ListsGivenReplaceTheDefaultList) {
  RowBuilder b = Builder("http");
  EXPECT_EQ(b.Set("path", "/api/rooms"), "");
  EXPECT_EQ(b.Set("path", "/api/users"), "");
  std::vector<std::string> problems;
  EXPECT_EQ(b.Build(&problems).Params<HttpRateParams>().paths,
            (std::vector<std::string>{"/api/rooms", "/api/users"}));
}

TEST(RowParameters, EveryFamilysDefaultRowIsValidAndListsItsFlags) {
  for (const Family& family : Families()) {
    RowBuilder b(family, "Row");
    std::vector<std::string> problems;
    b.Build(&problems);
    EXPECT_TRUE(problems.empty()) << family.name << ": " << problems.front();
    std::set<std::string> names;
    for (const ParameterInfo& p : b.Parameters()) {
      EXPECT_TRUE(names.insert(p.name).second) << family.name << " lists --" << p.name << " twice";
      EXPECT_FALSE(p.help.empty()) << p.name;
      // Every listed parameter is one the builder takes.
      if (!p.default_value.empty() && !p.repeatable) {
        EXPECT_EQ(b.Set(p.name, p.default_value), "") << family.name << " --" << p.name;
      }
    }
  }
}

TEST(RowParameters, ASoakRunsForItsDuration) {
  RowBuilder b = Builder("soak");
  EXPECT_EQ(b.Set("duration", "2h"), "");
  std::vector<std::string> problems;
  const LoadSpec row = b.Build(&problems);
  EXPECT_EQ(row.Params<ChatParams>().match.rematch_for_s, 7200);
  EXPECT_EQ(row.window_s, 1200);
  EXPECT_EQ(b.Set("rematch-for", "1h"), "is not a parameter of the soak family");
}

}  // namespace
}  // namespace swarmgate
