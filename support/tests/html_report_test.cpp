#include "swarmgate/html_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "svg_chart.h"

namespace swarmgate {
namespace {

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

RowOutcome Outcome2Thresholds() {
  RowOutcome out;
  out.target = "reference_server ws://127.0.0.1:1/ws";
  for (int v = 1; v <= 100; ++v) out.result.metrics.Record(Latency::kPairingTime, v * 1000);
  out.result.series.followed = {Latency::kPairingTime};
  out.result.series.seconds.resize(3);
  for (auto& s : out.result.series.seconds) s.p95_us = {90'000};
  out.thresholds.push_back({"Row<script>", SourcedThreshold{"pairing_time p95 < 50ms", "row", ""}});
  out.thresholds.push_back(
      {"Row<script>", SourcedThreshold{"pairing_time p95 regress < 10%", "row", ""}});
  out.regression_lines = {
      "pairing_time p95 regress < 10%: +20.0 % against 5 baseline runs (...), broke"};
  out.verdict.outcome = Outcome::kFail;
  out.verdict.violations = {"pairing_time p95 95 ms >= 50 ms [Row<script>]"};
  return out;
}

TEST(HtmlReport, HoldsTheVerdictEveryThresholdAndAChartPerSeriesWithTextEscaped) {
  const RowOutcome out = Outcome2Thresholds();
  HtmlReportInput in;
  in.outcome = &out;
  in.row_id = "Row<script>";
  in.test_name = "T";
  in.row_json = R"({"users": 2})";
  in.history_note = "no earlier run of this row on this machine";
  const std::string html = RenderHtmlReport(in);
  EXPECT_NE(html.find("<meta name=\"swarmgate-verdict\" content=\"fail\">"), std::string::npos);
  EXPECT_EQ(html.find("Row<script>"), std::string::npos);  // escaped everywhere
  EXPECT_NE(html.find("Row&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(Count(html, "<tr class=\"broke\">"), 2u);  // the fixed bound and the relative one
  EXPECT_NE(html.find("+20.0 % against 5 baseline runs"), std::string::npos);
  // Open connections, rates, p95 per second, CPU, memory, distributions.
  EXPECT_EQ(Count(html, "<svg class=\"chart\""), 6u);
  EXPECT_NE(html.find("no earlier run of this row on this machine"), std::string::npos);
  EXPECT_EQ(Count(html, "<script>"), 1u);  // the page's own chart check, and only it
}

TEST(HtmlReport, AHistoryChartMarksTheBaselineThisRunAndChanges) {
  const RowOutcome out = Outcome2Thresholds();
  HtmlReportInput in;
  in.outcome = &out;
  MetricHistory h{"pairing_time", "p95", {}, {3}};
  for (int i = 1; i <= 6; ++i) {
    HistoryPoint p;
    p.run_id = i;
    p.value = i < 4 ? 50'000 : 60'000;
    p.in_baseline = i >= 2 && i <= 5;
    p.this_run = i == 6;
    h.points.push_back(p);
  }
  in.history.push_back(h);
  const std::string html = RenderHtmlReport(in);
  EXPECT_NE(html.find("pairing_time p95 over this row&apos;s runs"), std::string::npos) << html;
  EXPECT_NE(html.find("change at run 4"), std::string::npos);
  EXPECT_NE(html.find("this run"), std::string::npos);
  EXPECT_EQ(Count(html, "fill=\"#fff\""), 1u);  // run 1 only: neither baseline nor this run
}

TEST(SvgChart, AChartWithNoValuesSaysSo) {
  Chart c;
  c.title = "empty";
  c.series.push_back({"none", {}, {}, "#000"});
  const std::string svg = RenderSvg(c);
  EXPECT_NE(svg.find("no values in this run"), std::string::npos);
  EXPECT_EQ(svg.find("polyline"), std::string::npos);
}

TEST(SvgChart, OneValueIsADotAndMemoryTicksAreWholeMebibytes) {
  Chart c;
  c.title = "one";
  c.series.push_back({"p95", {11}, {1250}, "#000"});
  EXPECT_NE(RenderSvg(c).find("<circle"), std::string::npos);
  Chart memory;
  memory.title = "memory";
  memory.y_unit = 1048576.0;
  memory.y_format = [](double v) { return std::to_string(static_cast<long long>(v)); };
  memory.series.push_back({"rss", {1, 2}, {5e6, 2.5e7}, "#000"});
  const std::string svg = RenderSvg(memory);
  EXPECT_NE(svg.find(">10485760<"), std::string::npos) << svg;  // 10 MiB, not 10,000,000
  EXPECT_EQ(svg.find(">10000000<"), std::string::npos);
}

TEST(HtmlIndex, ListsEachReportWithItsVerdictAndSkipsOtherFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "swarmgate-html-index-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const RowOutcome out = Outcome2Thresholds();
  HtmlReportInput in;
  in.outcome = &out;
  in.row_id = "Smoke/Chat/Pairs20";
  std::string error;
  ASSERT_TRUE(WriteTextFile((dir / "a.html").string(), RenderHtmlReport(in), &error));
  ASSERT_TRUE(WriteTextFile((dir / "other.html").string(), "<html></html>", &error));
  ASSERT_TRUE(WriteHtmlIndex(dir.string(), &error)) << error;
  std::ifstream file(dir / "index.html");
  const std::string index((std::istreambuf_iterator<char>(file)), {});
  EXPECT_NE(index.find("1 rows: 0 pass, 1 fail, 0 inconclusive"), std::string::npos) << index;
  EXPECT_NE(index.find("<a href=\"a.html\">"), std::string::npos);
  EXPECT_EQ(index.find("other.html"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace swarmgate
