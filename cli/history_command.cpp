#include "history_command.h"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "command_line.h"
#include "swarmgate/change_points.h"
#include "swarmgate/history.h"
#include "swarmgate/metrics.h"
#include "swarmgate/settings.h"  // SwarmgateEnvironment

namespace swarmgate {
namespace {

struct HistoryArgs {
  std::string action = "list";  // list, export, changes
  std::string history;          // --history; empty: SWARMGATE_HISTORY or the default
  std::string row;              // --row (list, export); ROW (changes)
  std::string metric, stat;     // changes
  std::string format = "csv";   // export
  std::string output;           // export --output; empty: standard output
  bool help = false;
};

int Usage(const std::string& line) {
  std::fprintf(stderr, "swarmgate: history: %s\nusage: swarmgate history --help\n", line.c_str());
  return kExitUsage;
}

std::optional<HistoryArgs> Parse(const std::vector<std::string>& words, std::string* error) {
  HistoryArgs a;
  std::size_t i = 0;
  if (i < words.size() && (words[i] == "list" || words[i] == "export")) a.action = words[i++];
  std::vector<std::string> positional;
  for (; i < words.size(); ++i) {
    std::string word = words[i], value;
    bool has_value = false;
    if (word.rfind("--", 0) == 0) {
      if (const auto eq = word.find('='); eq != std::string::npos) {
        value = word.substr(eq + 1);
        word.resize(eq);
        has_value = true;
      }
    } else {
      positional.push_back(word);
      continue;
    }
    if (word == "--help") {
      a.help = true;
      continue;
    }
    if (word == "--changes") {
      a.action = "changes";
      continue;
    }
    if (word != "--history" && word != "--row" && word != "--stat" && word != "--format" &&
        word != "--output") {
      *error = word + " is not a flag of history";
      return std::nullopt;
    }
    if (!has_value) {
      if (i + 1 == words.size()) {
        *error = word + " needs a value";
        return std::nullopt;
      }
      value = words[++i];
    }
    (word == "--history"  ? a.history
     : word == "--row"    ? a.row
     : word == "--stat"   ? a.stat
     : word == "--format" ? a.format
                          : a.output) = value;
  }
  if (a.help) return a;
  if (a.action == "changes") {
    if (positional.size() != 2) {
      *error = "--changes needs a row and a metric (swarmgate history --changes ROW METRIC)";
      return std::nullopt;
    }
    a.row = positional[0];
    a.metric = positional[1];
  } else if (!positional.empty()) {
    *error = "\"" + positional[0] + "\" is not understood (rows are named with --row)";
    return std::nullopt;
  }
  if (a.format != "csv" && a.format != "json") {
    *error = "--format: \"" + a.format + "\" is not csv or json";
    return std::nullopt;
  }
  return a;
}

std::string Utc(double unix_s) {
  const std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string Number(double v) {
  if (!std::isfinite(v)) return "";
  char text[40];
  std::snprintf(text, sizeof text, "%.10g", v);
  return text;
}

// A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string Csv(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

int List(const History& history, const std::string& row) {
  std::string error;
  const std::vector<RunRecord> runs = history.Runs(row, &error);
  if (!error.empty()) return Usage(error);
  if (runs.empty()) {
    std::printf("no runs%s in %s\n", row.empty() ? "" : (" of " + row).c_str(),
                history.path().c_str());
    return kExitPass;
  }
  std::printf("%6s  %-20s  %-14s  %-12s  %-24s  %s\n", "run", "started (UTC)", "revision",
              "verdict", "load", "row");
  for (const RunRecord& r : runs) {
    std::printf("%6lld  %-20s  %-14s  %-12s  %-24s  %s\n", static_cast<long long>(r.id),
                Utc(r.started_unix_s).c_str(), r.revision.substr(0, 14).c_str(),
                std::string(NameOf(r.outcome)).c_str(), r.load.c_str(), r.row_id.c_str());
  }
  std::printf("%zu runs in %s; machines: ", runs.size(), history.path().c_str());
  std::vector<std::string> machines;
  for (const RunRecord& r : runs) {
    if (std::find(machines.begin(), machines.end(), r.fingerprint) == machines.end())
      machines.push_back(r.fingerprint);
  }
  for (std::size_t i = 0; i < machines.size(); ++i)
    std::printf("%s%s", i ? "; " : "", machines[i].c_str());
  std::printf("\n");
  return kExitPass;
}

void WriteCsv(const std::vector<RunRecord>& runs, std::ostream& out) {
  out << "run,started_utc,revision,plan,row,load,machine,verdict,metric,kind,count,min,mean,p50,"
         "p90,p95,p99,p999,max,rate\n";
  for (const RunRecord& r : runs) {
    for (const MetricSummary& m : r.metrics) {
      const bool counter = m.kind == "counter";
      out << r.id << ',' << Utc(r.started_unix_s) << ',' << Csv(r.revision) << ',' << Csv(r.plan)
          << ',' << Csv(r.row_id) << ',' << Csv(r.load) << ',' << Csv(r.fingerprint) << ','
          << NameOf(r.outcome) << ',' << m.name << ',' << m.kind << ',' << m.count;
      for (double v : {m.min, m.mean, m.p50, m.p90, m.p95, m.p99, m.p999, m.max})
        out << ',' << (counter ? "" : Number(v));
      out << ',' << (m.rate ? Number(*m.rate) : "") << '\n';
    }
  }
}

void WriteJson(const std::vector<RunRecord>& runs, std::ostream& out) {
  rapidjson::OStreamWrapper stream(out);
  rapidjson::Writer<rapidjson::OStreamWrapper> w(stream);
  const auto str = [&w](const std::string& s) {
    w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  };
  const auto num = [&w](double v) {
    if (std::isfinite(v)) {
      w.Double(v);
    } else {
      w.Null();
    }
  };
  w.StartObject();
  str("swarmgate_history_version");
  w.Int(History::kSchemaVersion);
  str("runs");
  w.StartArray();
  for (const RunRecord& r : runs) {
    w.StartObject();
    str("run");
    w.Int64(r.id);
    for (const auto& [key, value] :
         {std::pair<const char*, std::string>{"started_utc", Utc(r.started_unix_s)},
          {"revision", r.revision},
          {"plan", r.plan},
          {"row", r.row_id},
          {"test", r.test_name},
          {"load", r.load},
          {"target", r.target},
          {"report", r.report_path},
          {"machine", r.fingerprint},
          {"verdict", std::string(NameOf(r.outcome))}}) {
      str(key);
      str(value);
    }
    str("started_unix_s");
    num(r.started_unix_s);
    str("metrics");
    w.StartObject();
    for (const MetricSummary& m : r.metrics) {
      str(m.name);
      w.StartObject();
      str("kind");
      str(m.kind);
      str("count");
      w.Int64(m.count);
      if (m.kind != "counter") {
        for (const auto& [key, v] : {std::pair{"min", m.min},
                                     {"mean", m.mean},
                                     {"p50", m.p50},
                                     {"p90", m.p90},
                                     {"p95", m.p95},
                                     {"p99", m.p99},
                                     {"p99.9", m.p999},
                                     {"max", m.max}}) {
          str(key);
          num(v);
        }
      }
      if (m.rate) {
        str("rate");
        num(*m.rate);
      }
      if (!m.histogram.empty()) {
        str("histogram");
        w.RawValue(m.histogram.c_str(), m.histogram.size(), rapidjson::kArrayType);
      }
      w.EndObject();
    }
    w.EndObject();
    str("per_second");
    w.StartArray();
    for (const SecondSamples& s : r.seconds) {
      w.StartObject();
      str("metric");
      str(s.metric);
      str("stat");
      str(s.stat);
      str("second");
      w.StartArray();
      for (int v : s.second) w.Int(v);
      w.EndArray();
      str("value");
      w.StartArray();
      for (double v : s.value) num(v);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    str("windows");
    w.StartArray();
    for (const WindowSummary& win : r.windows) {
      w.StartObject();
      str("metric");
      str(win.metric);
      str("start_s");
      num(win.start_s);
      str("end_s");
      num(win.end_s);
      str("complete");
      w.Bool(win.complete);
      str("count");
      w.Int64(win.count);
      str("p50_us");
      w.Int64(win.p50);
      str("p95_us");
      w.Int64(win.p95);
      str("p99_us");
      w.Int64(win.p99);
      w.EndObject();
    }
    w.EndArray();
    str("figures");
    w.StartObject();
    for (const Figure& f : r.figures) {
      str(f.name);
      num(f.value);
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out << '\n';
}

int Export(const History& history, const HistoryArgs& a) {
  std::string error;
  const std::vector<RunRecord> runs = history.RunsWithMetrics(a.row, a.format == "json", &error);
  if (!error.empty()) return Usage(error);
  std::ofstream file;
  if (!a.output.empty()) {
    file.open(a.output);
    if (!file) return Usage("--output: cannot write " + a.output);
  }
  std::ostream& out = a.output.empty() ? std::cout : file;
  if (a.format == "json") {
    WriteJson(runs, out);
  } else {
    WriteCsv(runs, out);
  }
  out.flush();
  if (!out) return Usage("export: writing failed");
  if (!a.output.empty())
    std::fprintf(stderr, "swarmgate: history: %zu runs written to %s\n", runs.size(),
                 a.output.c_str());
  return kExitPass;
}

// The statistic a metric is followed by when none is named.
std::string DefaultStat(const std::string& metric) {
  if (LatencyNamed(metric)) return "p95";
  if (GaugeNamed(metric)) return "mean";
  if (auto c = CounterNamed(metric)) return DenominatorOf(*c) ? "rate" : "count";
  return "";
}

std::string ValueText(const std::string& metric, const std::string& stat, double v) {
  char text[48];
  if (LatencyNamed(metric) && stat != "count") {
    std::snprintf(text, sizeof text,
                  v >= 1e6   ? "%.3g s"
                  : v >= 1e3 ? "%.3g ms"
                             : "%.3g us",
                  v >= 1e6   ? v / 1e6
                  : v >= 1e3 ? v / 1e3
                             : v);
  } else if (stat == "rate" || (GaugeNamed(metric) && !IsMemory(*GaugeNamed(metric)))) {
    std::snprintf(text, sizeof text, "%.3g %%", v * 100);
  } else {
    std::snprintf(text, sizeof text, "%.6g", v);
  }
  return text;
}

int Changes(const History& history, const HistoryArgs& a) {
  const std::string stat = a.stat.empty() ? DefaultStat(a.metric) : a.stat;
  if (stat.empty()) return Usage("--changes: \"" + a.metric + "\" is not a metric");
  std::string error;
  const std::vector<RunRecord> all = history.RunsWithMetrics(a.row, false, &error);
  if (!error.empty()) return Usage(error);
  if (all.empty()) return Usage("--changes: no run of \"" + a.row + "\" in " + history.path());
  // One series: the newest run's machine and load; inconclusive runs measured the generator.
  const RunRecord& newest = all.back();
  std::vector<const RunRecord*> runs;
  std::vector<double> series;
  for (const RunRecord& r : all) {
    if (r.fingerprint != newest.fingerprint || r.load != newest.load ||
        r.outcome == Outcome::kInconclusive)
      continue;
    if (auto v = StatOf(r, a.metric, stat)) {
      runs.push_back(&r);
      series.push_back(*v);
    }
  }
  if (series.empty()) {
    return Usage("--changes: no run of \"" + a.row + "\" has " + a.metric + " " + stat);
  }
  // The newest runs only: the search costs the square of the runs times the permutations.
  constexpr std::size_t kMostRuns = 500;
  if (series.size() > kMostRuns) {
    std::printf("the newest %zu of %zu runs\n", kMostRuns, series.size());
    series.erase(series.begin(), series.end() - kMostRuns);
    runs.erase(runs.begin(), runs.end() - kMostRuns);
  }
  const ChangePointOptions options;
  std::printf("%s %s of %s: %zu runs on %s, load %s\n", a.metric.c_str(), stat.c_str(),
              a.row.c_str(), series.size(), newest.fingerprint.c_str(), newest.load.c_str());
  const std::size_t needed = 2 * options.min_segment;
  if (series.size() < needed) {
    std::printf("too few runs to look for a change (%zu; %zu needed)\n", series.size(), needed);
    return kExitPass;
  }
  const std::vector<ChangePoint> changes = ChangePoints(series, options);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const bool change = std::any_of(changes.begin(), changes.end(),
                                    [i](const ChangePoint& c) { return c.index == i; });
    std::printf("  %s run %6lld  %s  %-14s  %-12s  %s\n", change ? "▶" : " ",
                static_cast<long long>(runs[i]->id), Utc(runs[i]->started_unix_s).c_str(),
                runs[i]->revision.substr(0, 14).c_str(),
                std::string(NameOf(runs[i]->outcome)).c_str(),
                ValueText(a.metric, stat, series[i]).c_str());
  }
  if (changes.empty()) {
    std::printf("no change point (E-divisive means, %d permutations, level %g)\n",
                options.permutations, options.significance);
  }
  for (const ChangePoint& c : changes) {
    const RunRecord& r = *runs[c.index];
    std::printf("change at run %lld (revision %s, %s): %s -> %s (%+.1f %%), p = %.3f\n",
                static_cast<long long>(r.id), r.revision.c_str(), Utc(r.started_unix_s).c_str(),
                ValueText(a.metric, stat, c.mean_before).c_str(),
                ValueText(a.metric, stat, c.mean_after).c_str(),
                c.mean_before != 0 ? (c.mean_after / c.mean_before - 1) * 100 : 0.0, c.p_value);
  }
  return kExitPass;
}

}  // namespace

std::string HistoryUsage() {
  return "Usage: swarmgate history [--row ROW] [--history FILE]\n"
         "       swarmgate history export [--format csv|json] [--row ROW] [--output FILE]\n"
         "       swarmgate history --changes ROW METRIC [--stat STAT]\n\n"
         "The results history: every judged run (swarmgate, the CTest tiers and merges) with\n"
         "its revision, row, machine, verdict, every metric's summary and histogram and the\n"
         "per-second samples, in an SQLite file: --history, else SWARMGATE_HISTORY, else\n"
         "reports/history.sqlite (SWARMGATE_REPORT_DIR).\n\n"
         "  (no action)  the runs, one line each\n"
         "  export       every run's metrics: CSV (a line per run and metric) or JSON (with\n"
         "               histograms, per-second samples and windows)\n"
         "  --changes    change points of ROW's METRIC over its runs on the newest run's\n"
         "               machine and load (E-divisive means with a permutation test); STAT\n"
         "               defaults to p95 for a latency, mean for a gauge, rate or count for a\n"
         "               counter\n\n" +
         std::string("Exit codes: 0 done; 2 bad usage, or a history that cannot be read.\n");
}

int HistoryCommand(const std::vector<std::string>& words) {
  std::string error;
  const std::optional<HistoryArgs> args = Parse(words, &error);
  if (!args) return Usage(error);
  if (args->help) {
    std::printf("%s", HistoryUsage().c_str());
    return kExitPass;
  }
  // The file a run would add to (settings.h), read only: looking never creates one.
  std::map<std::string, std::string> environment = SwarmgateEnvironment();
  std::string path = args->history;
  if (path.empty() && environment.count("SWARMGATE_HISTORY"))
    path = environment["SWARMGATE_HISTORY"];
  if (path.empty()) {
    path = (environment.count("SWARMGATE_REPORT_DIR") ? environment["SWARMGATE_REPORT_DIR"]
                                                      : std::string("reports")) +
           "/history.sqlite";
  }
  if (path == "0") return Usage("no history is kept (SWARMGATE_HISTORY=0)");
  if (!std::ifstream(path)) {
    return Usage("no history at " + path + " (runs add to it as they are judged)");
  }
  std::unique_ptr<History> history = History::Open(path, &error);
  if (!history) return Usage(error);
  if (args->action == "export") return Export(*history, *args);
  if (args->action == "changes") return Changes(*history, *args);
  return List(*history, args->row);
}

}  // namespace swarmgate
