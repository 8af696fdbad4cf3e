#include "swarmgate/plan.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

TEST(Plan, ReadsRowsUnderTheFlagsNames) {
  std::vector<std::string> errors;
  const std::optional<Plan> plan = ParsePlan(R"({"rows": [
    {"name": "Pairs100", "family": "chat", "pairs": 100, "ramp": "10s", "chat-duration": "30s",
     "thresholds": ["message_latency p95 < 50ms"],
     "alongside": [{"name": "Idle", "family": "saturate", "connections": 200, "hold": "40s"}]},
    {"name": "Calls", "family": "calls", "agents": 10, "users": 110, "rate": 5}
  ]})",
                                             "p.json", &errors);
  ASSERT_TRUE(plan) << errors.front();
  ASSERT_EQ(plan->rows.size(), 2u);
  const LoadSpec& chat = plan->rows[0].row;
  EXPECT_EQ(plan->rows[0].family, "chat");
  EXPECT_EQ(chat.users, 200);
  EXPECT_EQ(chat.Params<ChatParams>().match.chat_s, 30);
  EXPECT_EQ(chat.thresholds.front(), "message_latency p95 < 50ms");
  ASSERT_EQ(chat.alongside.size(), 1u);
  EXPECT_EQ(chat.alongside[0].users, 200);
  EXPECT_EQ(chat.alongside[0].flow(), Flow::kSaturate);
  EXPECT_EQ(plan->rows[1].row.Params<CallBurstParams>().call_rate_per_s, 5);
}

TEST(Plan, EveryProblemAtOnceWithItsPointer) {
  std::vector<std::string> errors;
  EXPECT_FALSE(ParsePlan(R"({"rows": [
    {"name": "A", "family": "chat", "pairs": "many", "ramp": 30, "colour": "red",
     "threshold": "x"},
    {"name": "A", "family": "chat"},
    {"name": "bad name", "family": "gossip"},
    {"family": "chat", "thresholds": [1]},
    [],
    {"name": "B", "family": "chat", "alongside": [{"name": "C", "family": "chat",
      "alongside": []}]}
  ], "extra": 1})",
                         "p.json", &errors));
  const std::vector<std::string> expected = {
      "p.json: /extra: unknown key (a plan has \"rows\" and \"description\")",
      "p.json: /rows/0/pairs: \"many\" is not a whole number of pairs",
      "p.json: /rows/0/ramp: \"30\" is not a duration: give it a unit, ms, s, m or h (30s)",
      "p.json: /rows/0/colour: is not a parameter of the chat family",
      "p.json: /rows/0/threshold: a list: write \"thresholds\": [...]",
      "p.json: /rows/1/name: \"A\" names another row too",
      "p.json: /rows/2/name: \"bad name\" is not a row name (letters, digits, _ and -, at most 64)",
      "p.json: /rows/2/family: \"gossip\" is not a family (saturate, match, chat, signaling, "
      "calls, reconnect, http, breaking-point, soak)",
      "p.json: /rows/3/name: missing",
      "p.json: /rows/4: expected a row (an object with \"name\" and \"family\")",
      "p.json: /rows/5/alongside/0/alongside: a row alongside cannot have rows alongside",
  };
  EXPECT_EQ(errors, expected);
}

TEST(Plan, TheRowsOwnChecksNameTheRow) {
  std::vector<std::string> errors;
  EXPECT_FALSE(
      ParsePlan(R"({"rows": [{"name": "Odd", "family": "chat", "users": 3}]})", "p.json", &errors));
  EXPECT_EQ(errors, std::vector<std::string>{
                        "p.json: /rows/0: row Odd: matching flows need an even number of users"});
}

TEST(Plan, TextThatIsNotAPlan) {
  for (const char* text : {"", "[]", "{\"rows\": []}", "{\"rows\": {}}", "{\"rows\": [1,]}"}) {
    std::vector<std::string> errors;
    EXPECT_FALSE(ParsePlan(text, "p.json", &errors)) << text;
    ASSERT_EQ(errors.size(), 1u) << text;
    EXPECT_EQ(errors[0].rfind("p.json: /", 0), 0u) << errors[0];
  }
  std::vector<std::string> errors;
  EXPECT_FALSE(ParsePlan(std::string(1000, '['), "p.json", &errors));
  EXPECT_EQ(errors.at(0).rfind("p.json: /: nested deeper than 64 levels", 0), 0u);
  errors.clear();
  EXPECT_FALSE(LoadPlan("/nonexistent/plan.json", &errors));
  EXPECT_EQ(errors, std::vector<std::string>{"/nonexistent/plan.json: no such file"});
}

TEST(Plan, TheShippedExampleIsValid) {
  std::vector<std::string> errors;
  EXPECT_TRUE(LoadPlan(SWARMGATE_SOURCE_DIR "/plans/example.json", &errors))
      << (errors.empty() ? "" : errors.front());
}

}  // namespace
}  // namespace swarmgate
