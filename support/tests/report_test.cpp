#include "swarmgate/report.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "swarmgate/secrets.h"

namespace swarmgate {
namespace {

TEST(Report, IsValidJsonWithEveryPart) {
  const LoadSpec spec =
      LoadSpec("Pairs2", MatchmakingParams()).Pairs(2).Thresholds({"pairing_time p95 < 1s"});
  RunResult result;
  result.metrics.Record(Latency::kPairingTime, 1234);
  result.metrics.Add(Counter::kConnectAttempts, 4);
  result.metrics.Add(Counter::kConnectFailures, 1);
  result.errors.Note(ErrorClass::kConnect, "Connection refused \"quoted\"");
  Verdict verdict;
  verdict.outcome = Outcome::kFail;
  verdict.violations = {"connect_failures rate 25 % >= 1 % [Smoke/X/Pairs2]"};
  ReportInput in;
  in.test_name = "Smoke/X.MeetsSlo/Pairs2";
  in.context = {{"host", "h"}, {"cores", "2"}};
  in.spec = &spec;
  in.result = &result;
  in.verdict = &verdict;
  in.figures = HeadlineFigures(result);
  const std::string json = RenderReport(in);

  rapidjson::Document d;
  d.Parse(json.c_str());
  ASSERT_FALSE(d.HasParseError()) << json;
  EXPECT_STREQ(d["test"].GetString(), "Smoke/X.MeetsSlo/Pairs2");
  EXPECT_STREQ(d["context"]["cores"].GetString(), "2");
  EXPECT_EQ(d["row"]["users"].GetInt(), 4);
  EXPECT_STREQ(d["row"]["thresholds"][0].GetString(), "pairing_time p95 < 1s");
  EXPECT_EQ(d["metrics"]["pairing_time"]["p95"].GetInt64(), 1234);
  EXPECT_EQ(d["metrics"]["pairing_time"]["count"].GetInt64(), 1);
  const auto& buckets = d["metrics"]["pairing_time"]["buckets"];
  ASSERT_EQ(buckets.Size(), 1u);
  EXPECT_GE(buckets[0][0].GetInt64(), 1234);  // the bucket's highest equivalent value
  EXPECT_EQ(buckets[0][1].GetInt64(), 1);
  EXPECT_DOUBLE_EQ(d["metrics"]["connect_failures"]["rate"].GetDouble(), 0.25);
  EXPECT_EQ(d["errors"]["connect"]["count"].GetInt64(), 1);
  EXPECT_STREQ(d["verdict"]["outcome"].GetString(), "fail");
  EXPECT_EQ(d["verdict"]["violations"].Size(), 1u);
}

// Bytes a server sent that are not UTF-8 (in an error, a captured value, a violation that
// quotes them) are escaped: the report parses as JSON with its encoding checked.
TEST(Report, IsValidUtf8WhateverTheServerSent) {
  const LoadSpec spec = LoadSpec("Pairs2", MatchmakingParams()).Pairs(2);
  RunResult result;
  result.errors.Note(ErrorClass::kProtocol, "bad \xff\xfe frame \xc3");
  Verdict verdict;
  verdict.violations = {"history_mismatches: expected \"caf\xc3\xa9\", got \"caf\xe9\""};
  ReportInput in;
  in.test_name = "Smoke/X.MeetsSlo/Pairs2";
  in.context = {{"server", "ref\x80"}};
  in.spec = &spec;
  in.result = &result;
  in.verdict = &verdict;
  const std::string json = RenderReport(in);
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str());
  ASSERT_FALSE(d.HasParseError()) << json;
  EXPECT_STREQ(d["context"]["server"].GetString(), "ref\\x80");
  EXPECT_STREQ(d["verdict"]["violations"][0].GetString(),
               "history_mismatches: expected \"caf\xc3\xa9\", got \"caf\\xe9\"");
  EXPECT_STREQ(d["errors"]["protocol"]["sample"].GetString(), "bad \\xff\\xfe frame \\xc3");
}

TEST(Report, HoldsNoSecretOfTheRun) {
  const LoadSpec spec = LoadSpec("Pairs2", MatchmakingParams()).Pairs(2);
  RunResult result;
  Verdict verdict;
  verdict.violations = {"server_errors: the server said \"bad token tok-9f8e7d\""};
  Secrets secrets;
  secrets.Add("tok-9f8e7d");
  ReportInput in;
  in.test_name = "Smoke/X.MeetsSlo/Pairs2";
  in.context = {{"target", "wss://chat.test:443/ws?token=tok-9f8e7d"}};
  in.spec = &spec;
  in.result = &result;
  in.verdict = &verdict;
  in.secrets = &secrets;
  const std::string json = RenderReport(in);
  EXPECT_EQ(json.find("tok-9f8e7d"), std::string::npos) << json;
  EXPECT_NE(json.find("wss://chat.test:443/ws?token=[redacted]"), std::string::npos) << json;
}

// What a row offered is in its report: every parameter, with no hand-kept list.
rapidjson::Document RowOf(const LoadSpec& spec) {
  ReportInput in;
  in.test_name = "t";
  in.spec = &spec;
  rapidjson::Document d;
  d.Parse(RenderReport(in).c_str());
  EXPECT_FALSE(d.HasParseError());
  return d;
}

TEST(Report, ACallBurstRowListsEveryParameter) {
  using namespace std::chrono_literals;
  const LoadSpec spec = LoadSpec("Calls10PerS", CallBurstParams())
                            .Agents(20)
                            .CallRate(10)
                            .Users(20 + 1'200)
                            .Ramp(1s)
                            .AcceptShare(0.6)
                            .AnswerDelay(300ms, 2s);
  const rapidjson::Document d = RowOf(spec);
  const auto& row = d["row"];
  EXPECT_STREQ(row["flow"].GetString(), "call_burst");
  EXPECT_EQ(row["users"].GetInt(), 1'220);
  EXPECT_EQ(row["agents"].GetInt(), 20);
  EXPECT_DOUBLE_EQ(row["call_rate_per_s"].GetDouble(), 10);
  EXPECT_DOUBLE_EQ(row["accept_share"].GetDouble(), 0.6);
  EXPECT_DOUBLE_EQ(row["reject_share"].GetDouble(), 0.2);
  EXPECT_DOUBLE_EQ(row["answer_delay_min_s"].GetDouble(), 0.3);
  EXPECT_DOUBLE_EQ(row["answer_delay_max_s"].GetDouble(), 2);
  EXPECT_DOUBLE_EQ(row["call_wait_s"].GetDouble(), 10);
  std::size_t listed = 0;
  spec.ForEachParameter([&](std::string_view name, const auto&, auto, auto) {
    EXPECT_TRUE(row.HasMember(std::string(name).c_str())) << name;
    ++listed;
  });
  EXPECT_EQ(row.MemberCount(), listed + 3);  // and name, flow and alongside
}

TEST(Report, ABreakingPointRowListsEveryParameterAndItsRowsAlongside) {
  using namespace std::chrono_literals;
  const LoadSpec spec =
      LoadSpec("Steps", BreakingPointParams())
          .Users(18'000)
          .StepUsers(2'000)
          .StepEvery(20s)
          .MessageEvery(1s)
          .CapacityFloor(4'000)
          .Alongside(LoadSpec("Health", HttpRateParams()).Users(5).RequestRate(20).Hold(60s));
  const rapidjson::Document d = RowOf(spec);
  const auto& row = d["row"];
  EXPECT_EQ(row["step_users"].GetInt(), 2'000);
  EXPECT_DOUBLE_EQ(row["step_s"].GetDouble(), 20);
  EXPECT_DOUBLE_EQ(row["step_latency_bound_ms"].GetDouble(), 100);
  EXPECT_DOUBLE_EQ(row["step_error_rate"].GetDouble(), 0.01);
  EXPECT_EQ(row["capacity_floor_users"].GetInt(), 4'000);
  EXPECT_DOUBLE_EQ(row["message_interval_s"].GetDouble(), 1);
  EXPECT_FALSE(row.HasMember("chat_s"));  // not a parameter of this flow
  std::size_t listed = 0;
  spec.ForEachParameter([&](std::string_view name, const auto&, auto, auto) {
    EXPECT_TRUE(row.HasMember(std::string(name).c_str())) << name;
    ++listed;
  });
  EXPECT_EQ(row.MemberCount(), listed + 3);
  ASSERT_EQ(row["alongside"].Size(), 1u);
  EXPECT_DOUBLE_EQ(row["alongside"][0]["request_rate_per_s"].GetDouble(), 20);
}

TEST(Report, ChatPhaseCpuCountsOnlySecondsThatOnlyChatted) {
  TimeSeries s;
  s.seconds.resize(4);
  s.seconds[0].connects = 10;  // connecting: left out
  s.seconds[0].messages = 5;
  s.seconds[1].messages = 100;
  s.seconds[2].messages = 300;
  // The sample at t covers the second that ends at t.
  GaugeSeries& cpu = s.gauge(Gauge::kClientCpu);
  cpu.Add(0.0, 0);
  cpu.Add(1.0, 0.9);
  cpu.Add(2.0, 0.1);
  cpu.Add(3.0, 0.3);
  cpu.Add(4.0, 0.5);  // second 3: no message
  EXPECT_DOUBLE_EQ(*ChatPhaseCpuUsPerMessage(s), (0.1 + 0.3) * 1e6 / 400);
  EXPECT_FALSE(ChatPhaseCpuUsPerMessage(TimeSeries{}));
}

TEST(Report, SeriesGoInAsColumns) {
  RunResult result;
  result.series.followed = {Latency::kMessageLatency};
  result.series.seconds.resize(2);
  result.series.seconds[0].p95_us = {150};
  result.series.seconds[1].p95_us = {-1};
  result.series.seconds[1].messages = 7;
  result.series.gauge(Gauge::kServerRss).Add(1, 1e6);
  ReportInput input;
  input.test_name = "t";
  input.result = &result;
  rapidjson::Document d;
  d.Parse(RenderReport(input).c_str());
  ASSERT_FALSE(d.HasParseError());
  const auto& per_second = d["series"]["per_second"];
  EXPECT_EQ(per_second["messages_delivered"][1].GetInt64(), 7);
  EXPECT_EQ(per_second["message_latency_p95_us"][0].GetInt64(), 150);
  EXPECT_EQ(per_second["message_latency_p95_us"][1].GetInt64(), -1);
  EXPECT_DOUBLE_EQ(d["series"]["gauges"]["server_rss"]["max"].GetDouble(), 1e6);
  EXPECT_FALSE(d["series"]["gauges"].HasMember("client_cpu"));  // never sampled
}

}  // namespace
}  // namespace swarmgate
