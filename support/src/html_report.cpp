#include "swarmgate/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "markup_text.h"
#include "svg_chart.h"
#include "swarmgate/threshold.h"

namespace swarmgate {
namespace {

// The series' colors, in order (colorblind-safe: Okabe and Ito).
const char* const kColors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                               "#E69F00", "#56B4E9", "#000000", "#F0E442"};

std::string Micros(double us) {
  char text[32];
  if (std::fabs(us) >= 1e6) {
    std::snprintf(text, sizeof text, "%.3g s", us / 1e6);
  } else if (std::fabs(us) >= 1e3) {
    std::snprintf(text, sizeof text, "%.3g ms", us / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.3g us", us);
  }
  return text;
}

std::string Bytes(double b) {
  char text[32];
  if (std::fabs(b) >= 1073741824.0) {
    std::snprintf(text, sizeof text, "%.3g GiB", b / 1073741824.0);
  } else if (std::fabs(b) >= 1048576.0) {
    std::snprintf(text, sizeof text, "%.3g MiB", b / 1048576.0);
  } else if (std::fabs(b) >= 1024.0) {
    std::snprintf(text, sizeof text, "%.3g KiB", b / 1024.0);
  } else {
    std::snprintf(text, sizeof text, "%.3g B", b);
  }
  return text;
}

std::string Share(double f) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g %%", f * 100);
  return text;
}

std::string Seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", s);
  return text;
}

std::string Utc(double unix_s) {
  const auto t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

std::string ValueOf(const std::string& metric, const std::string& stat, double v) {
  if (LatencyNamed(metric)) return stat == "count" ? std::to_string(std::llround(v)) : Micros(v);
  if (auto g = GaugeNamed(metric)) return IsMemory(*g) ? Bytes(v) : Share(v);
  if (stat == "rate") return Share(v);
  return std::to_string(std::llround(v));
}

std::string Row(const std::vector<std::string>& cells, const std::string& css = "") {
  std::string tr = css.empty() ? "<tr>" : "<tr class=\"" + css + "\">";
  for (const std::string& c : cells) tr += "<td>" + c + "</td>";
  return tr + "</tr>\n";
}

constexpr const char* kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;
color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.verdict{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:600}
.pass{background:#1a7f37}.fail{background:#cf222e}.inconclusive{background:#9a6700}
table{border-collapse:collapse;margin:4px 0;width:100%}td,th{border-bottom:1px solid #eee;
padding:3px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
tr.broke td{background:#ffebe9}tr.held td:last-child{color:#1a7f37}tr.open td{color:#666}
ul.lines li{margin:2px 0}pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
svg.chart{width:100%;max-width:760px;height:auto;display:block;margin:8px 0 16px}
svg .title{font-weight:600;font-size:13px}svg .tick,svg .legend{font-size:11px;fill:#444}
svg .label{font-size:11px;fill:#666}svg .grid{stroke:#eee}svg .axis{stroke:#888}
svg .series{fill:none;stroke-width:1.6}svg .marker{stroke-dasharray:4 3;stroke-width:1.2}
svg .marker-label{font-size:10px}svg .empty{fill:#888}.muted{color:#666}
)css";

// Checks, once the page is shown, that every chart was laid out and drew what it holds; the
// result is the body's data-charts attribute, and any problem a console error.
constexpr const char* kCheck = R"js(
window.addEventListener('load', function () {
  var charts = document.querySelectorAll('svg.chart'), drawn = 0;
  charts.forEach(function (svg, i) {
    var box = svg.getBoundingClientRect(), lines = svg.querySelectorAll('polyline.series');
    var empty = svg.querySelector('text.empty');
    var ok = box.width > 0 && box.height > 0 && (empty || lines.length > 0);
    lines.forEach(function (l) { if (l.getTotalLength() === 0 && l.points.length > 1) ok = false; });
    if (ok) { drawn++; } else { console.error('chart ' + i + ' did not render'); }
  });
  document.body.setAttribute('data-charts', drawn + '/' + charts.length);
});
)js";

std::string VerdictBadge(Outcome o) {
  const std::string name(NameOf(o));
  return "<span class=\"verdict " + name + "\">" + name + "</span>";
}

std::string ThresholdTable(const RowOutcome& out, const std::string& row_id) {
  std::string html =
      "<table><tr><th>row</th><th>threshold</th><th>from</th><th>measured</th>"
      "<th>verdict</th></tr>\n";
  for (const auto& [id, sourced] : out.thresholds) {
    std::string error;
    const std::optional<Threshold> t = ParseThreshold(sourced.text, &error);
    std::string measured = "—", verdict = "not judged", css = "open";
    if (t && t->relative) {
      for (const std::string& line : out.regression_lines) {
        if (line.rfind(sourced.text + ": ", 0) != 0) continue;
        measured = line.substr(sourced.text.size() + 2);
        const bool broke = measured.size() > 7 && measured.substr(measured.size() - 7) == ", broke";
        const bool held = measured.size() > 6 && measured.substr(measured.size() - 6) == ", held";
        if (broke || held) {
          verdict = broke ? "broke" : "held";
          css = verdict;
          measured.resize(measured.size() - (broke ? 7 : 6));
        }
      }
    } else if (t && id == row_id) {
      if (auto v = Observe(*t, out.result.metrics, &out.result.series)) {
        measured = FormatValue(*t, *v);
        verdict = t->Holds(*v) ? "held" : "broke";
        css = verdict;
      } else {
        measured = "no value";
      }
    } else if (t) {
      measured = "measured by its own swarm (see the verdict lines)";
    }
    html += Row({MarkupText(id), "<code>" + MarkupText(sourced.text) + "</code>",
                 MarkupText(sourced.source), MarkupText(measured), verdict},
                css);
  }
  return html + "</table>\n";
}

std::string Lines(const char* heading, const std::vector<std::string>& lines) {
  if (lines.empty()) return "";
  std::string html = "<p><b>" + std::string(heading) + "</b></p><ul class=\"lines\">\n";
  for (const std::string& l : lines) html += "<li>" + MarkupText(l) + "</li>\n";
  return html + "</ul>\n";
}

std::string TimeCharts(const RunResult& r) {
  const TimeSeries& s = r.series;
  std::string html;
  std::vector<double> t;
  for (std::size_t k = 0; k < s.seconds.size(); ++k) t.push_back(static_cast<double>(k) + 1);
  const auto column = [&s](auto field) {
    std::vector<double> v;
    for (const SecondPoint& p : s.seconds) v.push_back(static_cast<double>(field(p)));
    return v;
  };
  Chart open;
  open.title = "Open connections";
  open.x_label = "seconds from time zero";
  open.y_label = "connections";
  open.series.push_back(
      {"open", t, column([](const SecondPoint& p) { return p.open_connections; }), kColors[0]});
  html += RenderSvg(open);
  Chart rates;
  rates.title = "Rates per second";
  rates.x_label = "seconds from time zero";
  rates.y_label = "per second";
  rates.series.push_back(
      {"connects", t, column([](const SecondPoint& p) { return p.connects; }), kColors[0]});
  rates.series.push_back(
      {"matches", t, column([](const SecondPoint& p) { return p.matches; }), kColors[1]});
  rates.series.push_back(
      {"messages", t, column([](const SecondPoint& p) { return p.messages; }), kColors[2]});
  rates.series.push_back(
      {"errors", t, column([](const SecondPoint& p) { return p.errors; }), kColors[3]});
  html += RenderSvg(rates);
  Chart p95;
  p95.title = "p95 of each second";
  p95.x_label = "seconds from time zero";
  p95.y_label = "latency";
  p95.y_format = Micros;
  for (std::size_t m = 0; m < s.followed.size(); ++m) {
    ChartSeries line{std::string(NameOf(s.followed[m])), {}, {}, kColors[m % 8]};
    for (std::size_t k = 0; k < s.seconds.size(); ++k) {
      if (m >= s.seconds[k].p95_us.size() || s.seconds[k].p95_us[m] < 0) continue;
      line.x.push_back(static_cast<double>(k) + 1);
      line.y.push_back(static_cast<double>(s.seconds[k].p95_us[m]));
    }
    p95.series.push_back(std::move(line));
  }
  html += RenderSvg(p95);
  for (const bool memory : {false, true}) {
    Chart c;
    c.title = memory ? "Memory (resident)" : "CPU (share of one core)";
    c.x_label = "seconds from time zero";
    c.y_label = memory ? "bytes" : "share of one core";
    c.y_format = memory ? Bytes : Share;
    if (memory) {  // ticks on whole MiB (KiB for a small process)
      double most = 0;
      for (Gauge g : {Gauge::kServerRss, Gauge::kClientRss})
        if (!s.gauge(g).empty()) most = std::max(most, s.gauge(g).Max());
      c.y_unit = most >= 1048576.0 ? 1048576.0 : 1024.0;
    }
    int color = 0;
    for (Gauge g : {Gauge::kServerCpu, Gauge::kClientCpu, Gauge::kServerRss, Gauge::kClientRss}) {
      if (IsMemory(g) != memory) {
        continue;
      }
      const GaugeSeries& series = s.gauge(g);
      c.series.push_back({std::string(NameOf(g)), series.t_s, series.value, kColors[color++]});
    }
    html += RenderSvg(c);
  }
  return html;
}

std::string Distributions(const RunResult& r) {
  Chart c;
  c.title = "Latency distributions (percentile spectrum)";
  c.x_label = "percentile";
  c.y_label = "latency";
  c.x_nines = true;
  c.y_format = Micros;
  c.x_format = [](double p) {
    char text[16];
    std::snprintf(text, sizeof text, "p%g", p);
    return std::string(text);
  };
  std::string table =
      "<table><tr><th>latency</th><th>samples</th><th>min</th><th>p50</th>"
      "<th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr>\n";
  int color = 0;
  for (std::size_t i = 0; i < kLatencyCount; ++i) {
    const auto latency = static_cast<Latency>(i);
    const Histogram& h = r.metrics.histogram(latency);
    if (h.count() == 0) continue;
    ChartSeries s{std::string(NameOf(latency)), {}, {}, kColors[color++ % 8]};
    for (double p = 0; p <= 99.999; p = p < 90 ? p + 2 : 100 - (100 - p) / 1.25) {
      if (p > 0 && 100.0 / (100 - p) > static_cast<double>(h.count())) break;  // beyond the samples
      s.x.push_back(p);
      s.y.push_back(static_cast<double>(h.ValueAtPercentile(p)));
    }
    c.series.push_back(std::move(s));
    std::vector<std::string> cells = {std::string(NameOf(latency)), std::to_string(h.count()),
                                      Micros(static_cast<double>(h.min()))};
    for (double p : {50.0, 90.0, 95.0, 99.0, 99.9})
      cells.push_back(Micros(static_cast<double>(h.ValueAtPercentile(p))));
    cells.push_back(Micros(static_cast<double>(h.max())));
    table += Row(cells);
  }
  return RenderSvg(c) + table + "</table>\n";
}

std::string HistoryCharts(const HtmlReportInput& in) {
  if (in.history.empty()) {
    return "<p class=\"muted\">" +
           MarkupText(in.history_note.empty() ? "no history" : in.history_note) + "</p>\n";
  }
  std::string html;
  for (const MetricHistory& h : in.history) {
    Chart c;
    c.title = h.metric + " " + h.stat + " over this row's runs";
    c.x_label = "run";
    c.y_label = h.stat;
    c.y_format = [&h](double v) { return ValueOf(h.metric, h.stat, v); };
    c.x_format = [](double v) {
      return v == std::floor(v) ? std::to_string(static_cast<long long>(v)) : std::string();
    };
    ChartSeries s{h.metric + " " + h.stat, {}, {}, kColors[0], true};
    for (const HistoryPoint& p : h.points) {
      s.x.push_back(static_cast<double>(p.run_id));
      s.y.push_back(p.value);
      s.hollow.push_back(!p.in_baseline && !p.this_run);
      s.dot_tips.push_back(
          "run " + std::to_string(p.run_id) + " (" + p.revision + ", " + Utc(p.started_unix_s) +
          "): " + ValueOf(h.metric, h.stat, p.value) + ", " + std::string(NameOf(p.outcome)) +
          (p.in_baseline ? ", in this run's baseline" : "") + (p.this_run ? ", this run" : ""));
    }
    c.series.push_back(std::move(s));
    for (std::size_t i : h.changes) {
      c.markers.push_back({static_cast<double>(h.points[i].run_id) - 0.5,
                           "change at run " + std::to_string(h.points[i].run_id)});
    }
    for (const HistoryPoint& p : h.points) {
      if (p.this_run) {
        c.markers.push_back({static_cast<double>(p.run_id), "this run", "#555"});
      }
    }
    html += RenderSvg(c);
  }
  return html +
         "<p class=\"muted\">Filled dots: this run and the runs of its baseline; hollow: "
         "other runs. Dashed red lines: change points (E-divisive means).</p>\n";
}

}  // namespace

std::string RenderHtmlReport(const HtmlReportInput& in) {
  const RowOutcome& out = *in.outcome;
  const Verdict& v = out.verdict;
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  html += "<meta name=\"swarmgate-verdict\" content=\"" + std::string(NameOf(v.outcome)) + "\">\n";
  html += "<meta name=\"swarmgate-row\" content=\"" + MarkupText(in.row_id) + "\">\n";
  html += "<title>" + MarkupText(in.row_id) + ": " + std::string(NameOf(v.outcome)) +
          " — swarmgate</title>\n<style>" + kStyle + "</style></head>\n<body>\n";
  html += "<h1>" + MarkupText(in.row_id) + " " + VerdictBadge(v.outcome) + "</h1>\n";
  html +=
      "<p class=\"muted\">" + MarkupText(in.test_name) + " on " + MarkupText(out.target) + "</p>\n";
  html += "<h2>Verdict</h2>\n" + ThresholdTable(out, in.row_id);
  html += Lines("Violations", v.violations) +
          Lines("Inconclusive: the generator, not the server, limited the run",
                v.inconclusive_reasons) +
          Lines("Not measured", v.not_measured) + Lines("Not applicable", v.not_applicable) +
          Lines("Notes", v.notes);
  if (!out.figures.empty()) {
    html += "<h2>Headline figures</h2>\n<table>";
    for (const Figure& f : out.figures) {
      char value[48];
      std::snprintf(value, sizeof value, "%.6g", f.value);
      html += Row({MarkupText(f.name), value});
    }
    html += "</table>\n";
  }
  html += "<h2>Over time</h2>\n" + TimeCharts(out.result);
  html += "<h2>Latency distributions</h2>\n" + Distributions(out.result);
  html += "<h2>History</h2>\n" + HistoryCharts(in);
  html += "<h2>Errors</h2>\n";
  std::string errors;
  for (int i = 0; i < static_cast<int>(ErrorClass::kCount_); ++i) {
    const auto& tally = out.result.errors.tally(static_cast<ErrorClass>(i));
    if (tally.count == 0) continue;
    errors += Row({std::string(NameOf(static_cast<ErrorClass>(i))), std::to_string(tally.count),
                   MarkupText(tally.sample)});
  }
  html += errors.empty() ? "<p class=\"muted\">none</p>\n"
                         : "<table><tr><th>class</th><th>count</th><th>first</th></tr>\n" + errors +
                               "</table>\n";
  html += "<h2>Context</h2>\n<table>";
  for (const auto& [key, value] : in.context) html += Row({MarkupText(key), MarkupText(value)});
  html += Row({"duration", Seconds(out.result.elapsed_s)}) + "</table>\n";
  html += "<h2>Row parameters</h2>\n<pre>" + MarkupText(in.row_json, false) + "</pre>\n";
  html += "<script>" + std::string(kCheck) + "</script>\n</body></html>\n";
  return html;
}

bool WriteHtmlIndex(const std::string& report_dir, std::string* error) {
  namespace fs = std::filesystem;
  struct Entry {
    fs::file_time_type time;
    std::string file, row, verdict;
  };
  std::vector<Entry> entries;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(report_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".html" || name == "index.html") continue;
    std::ifstream in(e.path());
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const auto meta = [&head](const std::string& key) -> std::string {
      const std::string open = "<meta name=\"" + key + "\" content=\"";
      const std::size_t at = head.find(open);
      if (at == std::string::npos) return "";
      const std::size_t end = head.find('"', at + open.size());
      return end == std::string::npos ? "" : head.substr(at + open.size(), end - at - open.size());
    };
    const std::string verdict = meta("swarmgate-verdict");
    if (verdict.empty()) continue;  // not a swarmgate report
    entries.push_back({e.last_write_time(ec), name, meta("swarmgate-row"), verdict});
  }
  if (ec) {
    *error = "report index: cannot read " + report_dir + ": " + ec.message();
    return false;
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.time > b.time; });
  int counts[3] = {0, 0, 0};
  for (const Entry& e : entries) ++counts[e.verdict == "pass" ? 0 : e.verdict == "fail" ? 1 : 2];
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<title>swarmgate reports</title>\n<style>" +
      std::string(kStyle) + "</style></head>\n<body>\n<h1>swarmgate reports</h1>\n";
  html += "<p>" + std::to_string(entries.size()) + " rows: " + std::to_string(counts[0]) +
          " pass, " + std::to_string(counts[1]) + " fail, " + std::to_string(counts[2]) +
          " inconclusive (newest first)</p>\n<table><tr><th>row</th><th>verdict</th>"
          "<th>report</th></tr>\n";
  for (const Entry& e : entries) {
    html += Row({e.row,
                 VerdictBadge(e.verdict == "pass"   ? Outcome::kPass
                              : e.verdict == "fail" ? Outcome::kFail
                                                    : Outcome::kInconclusive),
                 "<a href=\"" + MarkupText(e.file) + "\">" + MarkupText(e.file) + "</a>"});
  }
  html += "</table>\n</body></html>\n";
  return WriteTextFile(report_dir + "/index.html", html, error);
}

}  // namespace swarmgate
