#include "swarmgate/junit_report.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace swarmgate {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(JunitReport, AFailureCarriesEveryVerdictLineAndTheFigures) {
  RowOutcome out;
  out.target = "external ws://127.0.0.1:8080/ws";
  out.report_path = "reports/a.json";
  out.verdict.AddViolation("message_latency p95 120 ms >= 100 ms [Smoke/Chat/Pairs20]",
                           "message_latency");
  out.verdict.AddViolation("messages_lost count 3 != 0 [Smoke/Chat/Pairs20]", "messages_lost");
  out.figures = {{"peak_open_connections", 40}, {"client_peak_rss_bytes", 21725184}};
  out.result.metrics.Record(Latency::kMessageLatency, 2500);
  const std::string xml = RenderJunit(out, "Smoke/Chat/Pairs20", 12.5, 0);
  EXPECT_TRUE(Contains(xml, "<testcase name=\"Pairs20\" classname=\"Smoke/Chat\" time=\"12.5\">"));
  EXPECT_TRUE(Contains(xml, "tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\""));
  EXPECT_TRUE(Contains(xml, "<property name=\"verdict\" value=\"fail\"/>"));
  EXPECT_TRUE(Contains(xml, "<property name=\"client_peak_rss_bytes\" value=\"21725184\"/>"));
  EXPECT_TRUE(Contains(xml, "<property name=\"message_latency_p95_ms\" value=\"2.5"));
  EXPECT_TRUE(Contains(xml,
                       "<failure type=\"thresholds\" message=\"message_latency p95 120 ms "
                       "&gt;= 100 ms [Smoke/Chat/Pairs20]\">fail\n  message_latency"));
  EXPECT_TRUE(Contains(xml, "messages_lost count 3 != 0 [Smoke/Chat/Pairs20]</failure>"));
  EXPECT_TRUE(Contains(xml, "timestamp=\"1970-01-01T00:00:00Z\""));
}

TEST(JunitReport, EachThresholdWithTheValueMeasuredAndWhereItCameFrom) {
  RowOutcome out;
  for (std::int64_t us : {1000, 2000, 3000})
    out.result.metrics.Record(Latency::kMessageLatency, us);
  out.thresholds = {
      {"Smoke/Chat/Pairs20",
       {"message_latency p95 < 2ms", "slo.json families/chat", "message_latency p95 < 100ms"}},
      {"Smoke/Chat/Pairs20", {"pairing_time p95 < 1s", "row", ""}},
      {"Smoke/Chat/Pairs20+Idle", {"connect_time p95 < 1s", "row", ""}}};
  out.verdict.AddViolation("message_latency p95 3 ms >= 2 ms [Smoke/Chat/Pairs20]",
                           "message_latency");
  const std::string xml = RenderJunit(out, "Smoke/Chat/Pairs20", 1, 0);
  EXPECT_TRUE(
      Contains(xml,
               "thresholds:\n  message_latency p95 &lt; 2ms: 3 ms, broke (from "
               "slo.json families/chat)\n  pairing_time p95 &lt; 1s: no value</system-out>"))
      << xml;
}

TEST(JunitReport, WhatXmlCannotHoldIsEscaped) {
  RowOutcome out;
  out.problems = {"profile p.json: /events/x: \"<&>'\" \x01\xff"};
  const std::string xml = RenderJunit(out, "chat", 0, 0);
  EXPECT_TRUE(Contains(xml, "<testcase name=\"chat\" classname=\"swarmgate\""));
  EXPECT_TRUE(Contains(xml, "errors=\"1\""));
  EXPECT_TRUE(Contains(xml,
                       "message=\"profile p.json: /events/x: &quot;&lt;&amp;&gt;&apos;&quot; "
                       "\\x01\\xff\""))
      << xml;
  for (char c : xml) {
    EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << static_cast<int>(c);
  }
}

TEST(JunitReport, NotApplicableIsSkippedAndInconclusiveIsAnError) {
  RowOutcome skipped;
  skipped.not_applicable = "bound to the bundled server";
  EXPECT_TRUE(Contains(RenderJunit(skipped, "a/b", 0, 0),
                       "<skipped message=\"bound to the bundled server\"/>"));
  RowOutcome inconclusive;
  inconclusive.verdict.AddInconclusive("swarm event-loop lag p99 30 ms > 10 ms");
  const std::string xml = RenderJunit(inconclusive, "a/b", 0, 0);
  EXPECT_TRUE(Contains(xml, "<error type=\"inconclusive\" message=\"swarm event-loop lag"));
  EXPECT_TRUE(Contains(xml, "failures=\"0\" errors=\"1\""));
}

}  // namespace
}  // namespace swarmgate
