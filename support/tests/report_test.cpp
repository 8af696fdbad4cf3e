#include "swarmgate/report.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace swarmgate {
namespace {

TEST(Report, IsValidJsonWithEveryPart) {
  LoadSpec spec("Pairs2", Flow::kMatchmaking);
  spec.Pairs(2).Thresholds({"pairing_time p95 < 1s"});
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

}  // namespace
}  // namespace swarmgate
