#include "swarmgate/junit_report.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "markup_text.h"
#include "printable.h"

namespace swarmgate {
namespace {

std::string Number(double value) {
  // Whole numbers in full (bytes, connections), the rest to six significant digits.
  const bool whole = std::fabs(value) >= 1e4 && std::fabs(value) < 1e15;
  char text[32];
  std::snprintf(text, sizeof text, whole ? "%.0f" : "%.6g", value);
  return text;
}

std::string Property(const std::string& name, const std::string& value) {
  return "        <property name=\"" + MarkupText(name) + "\" value=\"" + MarkupText(value) +
         "\"/>\n";
}

std::string FirstOf(const std::vector<std::string>& lines) {
  return lines.empty() ? std::string() : lines.front();
}

std::string Lines(const std::vector<std::string>& lines, const char* between = "\n") {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : between) + line;
  return out;
}

}  // namespace

std::string RenderJunit(const RowOutcome& out, const std::string& row_id, double elapsed_s,
                        double started_unix_s) {
  const std::size_t slash = row_id.rfind('/');
  const std::string class_name = slash == std::string::npos ? "swarmgate" : row_id.substr(0, slash);
  const std::string name = slash == std::string::npos ? row_id : row_id.substr(slash + 1);

  std::string properties;
  std::string result;  // the failure, error or skipped element
  int failures = 0, errors = 0, skipped = 0;
  if (!out.problems.empty()) {
    ++errors;
    properties += Property("verdict", "not run");
    result = "      <error type=\"not run\" message=\"" + MarkupText(FirstOf(out.problems)) +
             "\">" + MarkupText(Lines(out.problems), false) + "</error>\n";
  } else if (!out.not_applicable.empty()) {
    ++skipped;
    properties += Property("verdict", "not applicable");
    result = "      <skipped message=\"" + MarkupText(out.not_applicable) + "\"/>\n";
  } else {
    const Verdict& verdict = out.verdict;
    properties += Property("verdict", std::string(NameOf(verdict.outcome)));
    properties += Property("target", out.target);
    properties += Property("report", out.report_path);
    for (const Figure& f : out.figures) properties += Property(f.name, Number(f.value));
    for (std::size_t i = 0; i < kLatencyCount; ++i) {
      const Histogram& h = out.result.metrics.histogram(static_cast<Latency>(i));
      if (h.count() == 0) continue;
      const std::string latency(NameOf(static_cast<Latency>(i)));
      for (double p : {50.0, 95.0, 99.0}) {
        properties += Property(latency + "_p" + Number(p) + "_ms",
                               Number(static_cast<double>(h.ValueAtPercentile(p)) / 1e3));
      }
      properties += Property(latency + "_samples", std::to_string(h.count()));
    }
    if (verdict.outcome == Outcome::kFail) {
      ++failures;
      result = "      <failure type=\"thresholds\" message=\"" +
               MarkupText(FirstOf(verdict.violations)) + "\">" +
               MarkupText(verdict.Summary(), false) + "</failure>\n";
    } else if (verdict.outcome == Outcome::kInconclusive) {
      ++errors;
      result = "      <error type=\"inconclusive\" message=\"" +
               MarkupText(FirstOf(verdict.inconclusive_reasons)) + "\">" +
               MarkupText(verdict.Summary(), false) + "</error>\n";
    }
  }
  std::string summary =
      out.ran() ? out.verdict.Summary() : Lines(out.problems) + out.not_applicable;
  if (out.ran()) summary += "\nthresholds:\n  " + Lines(ThresholdLines(out, row_id), "\n  ");

  char timestamp[32] = "";
  const std::time_t started = static_cast<std::time_t>(started_unix_s);
  std::tm utc{};
  gmtime_r(&started, &utc);
  std::strftime(timestamp, sizeof timestamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  const std::string counts = "tests=\"1\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
                             std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) +
                             "\" time=\"" + Number(elapsed_s) + "\"";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<testsuites name=\"swarmgate\" " +
         counts + ">\n  <testsuite name=\"" + MarkupText(class_name) + "\" " + counts +
         " timestamp=\"" + timestamp + "\">\n    <testcase name=\"" + MarkupText(name) +
         "\" classname=\"" + MarkupText(class_name) + "\" time=\"" + Number(elapsed_s) +
         "\">\n      <properties>\n" + properties + "      </properties>\n" + result +
         "      <system-out>" + MarkupText(summary, false) +
         "</system-out>\n    </testcase>\n  </testsuite>\n"
         "</testsuites>\n";
}

}  // namespace swarmgate
