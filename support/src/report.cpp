#include "swarmgate/report.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "printable.h"
#include "swarmgate/secrets.h"

namespace swarmgate {
namespace {

// The JSON writer, and the run's secrets that no text in the report may hold.
class Writer : public rapidjson::PrettyWriter<rapidjson::StringBuffer> {
 public:
  Writer(rapidjson::StringBuffer& buffer, const Secrets* secrets)
      : PrettyWriter(buffer), secrets_(secrets) {}
  const Secrets* secrets() const { return secrets_; }

 private:
  const Secrets* secrets_;
};

// Every text in a report is valid UTF-8, whatever a server or a user put in it: names and
// samples that are not get their stray bytes escaped (\xNN), so the report stays JSON. No
// secret of the run appears (secrets.h).
void Str(Writer& w, std::string_view text) {
  std::string redacted;
  std::string_view s = text;
  if (w.secrets() && !w.secrets()->empty()) {
    redacted = w.secrets()->Redact(text);
    s = redacted;
  }
  if (!IsUtf8(s)) {
    const std::string escaped = Printable(s, s.size() * 4);
    w.String(escaped.data(), static_cast<rapidjson::SizeType>(escaped.size()));
    return;
  }
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void Num(Writer& w, std::string_view key, double v) {
  Str(w, key);
  w.Double(v);
}

void Int(Writer& w, std::string_view key, std::int64_t v) {
  Str(w, key);
  w.Int64(v);
}

// Writes each parameter a row lists (LoadSpec::ForEachParameter) as a JSON member.
class ParameterWriter {
 public:
  explicit ParameterWriter(Writer* w) : w_(*w) {}

  template <typename Value>
  void operator()(std::string_view name, const Value& value, std::string_view /*unit*/,
                  std::string_view /*help*/) {
    Str(w_, name);
    Write(value);
  }

 private:
  void Write(double v) { w_.Double(v); }
  void Write(int v) { w_.Int(v); }
  void Write(bool v) { w_.Bool(v); }
  void Write(const std::string& v) { Str(w_, v); }
  void Write(const std::vector<std::string>& list) {
    w_.StartArray();
    for (const std::string& item : list) Str(w_, item);
    w_.EndArray();
  }
  void Write(const std::vector<HttpUserType>& types) {
    w_.StartArray();
    for (const HttpUserType& t : types) {
      w_.StartObject();
      Str(w_, "name");
      Str(w_, t.name);
      Num(w_, "weight", t.weight);
      Num(w_, "think_min_s", t.think_min_s);
      Num(w_, "think_max_s", t.think_max_s);
      Int(w_, "burst_min", t.burst_min);
      Int(w_, "burst_max", t.burst_max);
      Num(w_, "burst_gap_s", t.burst_gap_s);
      w_.EndObject();
    }
    w_.EndArray();
  }
  void Write(const std::vector<ExpectedPercentile>& expected) {
    w_.StartArray();
    for (const ExpectedPercentile& e : expected) {
      w_.StartObject();
      Str(w_, "metric");
      Str(w_, e.metric);
      Num(w_, "percentile", e.percentile);
      Num(w_, "expected_us", e.expected_us);
      w_.EndObject();
    }
    w_.EndArray();
  }

  Writer& w_;
};

// Every parameter of the row as written (its name and flow first), and its rows alongside.
void WriteRow(Writer& w, const LoadSpec& s) {
  w.StartObject();
  Str(w, "name");
  Str(w, s.name);
  Str(w, "flow");
  Str(w, NameOf(s.flow()));
  s.ForEachParameter(ParameterWriter(&w));
  Str(w, "alongside");
  w.StartArray();
  for (const LoadSpec& side : s.alongside) WriteRow(w, side);
  w.EndArray();
  w.EndObject();
}

void WriteMetrics(Writer& w, const Recorder& r) {
  w.StartObject();
  for (std::size_t i = 0; i < kLatencyCount; ++i) {
    const auto metric = static_cast<Latency>(i);
    const Histogram& h = r.histogram(metric);
    Str(w, NameOf(metric));
    w.StartObject();
    Str(w, "unit");
    Str(w, "us");
    Int(w, "count", h.count());
    if (h.count() > 0) {
      Int(w, "min", h.min());
      for (auto [key, p] : {std::pair{"p50", 50.0}, std::pair{"p90", 90.0}, std::pair{"p95", 95.0},
                            std::pair{"p99", 99.0}, std::pair{"p99_9", 99.9}}) {
        Int(w, key, h.ValueAtPercentile(p));
      }
      Int(w, "max", h.max());
      Num(w, "mean", h.mean());
      Int(w, "out_of_range", h.out_of_range_count());
      // Every non-empty bucket as [highest equivalent value, count]: enough to merge runs.
      Int(w, "highest_trackable", h.highest_trackable());
      Str(w, "buckets");
      w.SetFormatOptions(rapidjson::kFormatSingleLineArray);
      w.StartArray();
      for (const auto& [value, count] : h.NonZeroBuckets()) {
        w.StartArray();
        w.Int64(value);
        w.Int64(count);
        w.EndArray();
      }
      w.EndArray();
      w.SetFormatOptions(rapidjson::kFormatDefault);
    }
    w.EndObject();
  }
  for (std::size_t i = 0; i < kCounterCount; ++i) {
    const auto metric = static_cast<Counter>(i);
    Str(w, NameOf(metric));
    w.StartObject();
    Int(w, "count", r.count(metric));
    if (auto denominator = DenominatorOf(metric); denominator && r.count(*denominator) > 0) {
      Num(w, "rate", static_cast<double>(r.count(metric)) / r.count(*denominator));
    }
    w.EndObject();
  }
  w.EndObject();
}

template <typename T, typename F>
void Column(Writer& w, std::string_view key, const std::vector<T>& rows, F value_of) {
  Str(w, key);
  w.SetFormatOptions(rapidjson::kFormatSingleLineArray);
  w.StartArray();
  for (const T& row : rows) value_of(row);
  w.EndArray();
  w.SetFormatOptions(rapidjson::kFormatDefault);
}

// Columns rather than rows of objects: compact, and each column plots as it is.
void WriteSeries(Writer& w, const TimeSeries& s) {
  w.StartObject();
  Str(w, "per_second");
  w.StartObject();
  Column(w, "open_connections", s.seconds,
         [&](const SecondPoint& p) { w.Int64(p.open_connections); });
  Column(w, "connects", s.seconds, [&](const SecondPoint& p) { w.Int64(p.connects); });
  Column(w, "matches", s.seconds, [&](const SecondPoint& p) { w.Int64(p.matches); });
  Column(w, "messages_delivered", s.seconds, [&](const SecondPoint& p) { w.Int64(p.messages); });
  Column(w, "errors", s.seconds, [&](const SecondPoint& p) { w.Int64(p.errors); });
  for (std::size_t m = 0; m < s.followed.size(); ++m) {
    Column(w, std::string(NameOf(s.followed[m])) + "_p95_us", s.seconds,
           [&](const SecondPoint& p) { w.Int64(p.p95_us[m]); });
  }
  w.EndObject();

  Str(w, "gauges");
  w.StartObject();
  for (std::size_t g = 0; g < kGaugeCount; ++g) {
    const GaugeSeries& gauge = s.gauges[g];
    if (gauge.empty()) continue;
    const bool memory = IsMemory(static_cast<Gauge>(g));
    Str(w, NameOf(static_cast<Gauge>(g)));
    w.StartObject();
    Str(w, "unit");
    Str(w, memory ? "bytes" : "share_of_one_core");
    Num(w, "max", gauge.Max());
    Num(w, "mean", gauge.Mean());
    if (memory) {
      if (auto growth = gauge.GrowthPerHour(s.steady_from_s)) Num(w, "growth_per_hour", *growth);
    } else {
      Num(w, "machine_mean", gauge.Mean() / s.cores);
    }
    Column(w, "t_s", gauge.t_s, [&](double t) { w.Double(t); });
    Column(w, "value", gauge.value, [&](double v) { w.Double(v); });
    w.EndObject();
  }
  w.EndObject();

  Num(w, "window_s", s.window_s);
  Num(w, "steady_from_s", s.steady_from_s);
  Str(w, "windows");
  w.StartArray();
  for (const Window& window : s.windows) {
    w.StartObject();
    Num(w, "start_s", window.start_s);
    Num(w, "end_s", window.end_s);
    Str(w, "complete");
    w.Bool(window.complete);
    for (std::size_t m = 0; m < s.followed.size(); ++m) {
      const LatencyWindow& l = window.latency[m];
      Str(w, NameOf(s.followed[m]));
      w.SetFormatOptions(rapidjson::kFormatSingleLineArray);
      w.StartObject();
      Int(w, "count", l.count);
      Int(w, "p50_us", l.p50_us);
      Int(w, "p95_us", l.p95_us);
      Int(w, "p99_us", l.p99_us);
      w.EndObject();
      w.SetFormatOptions(rapidjson::kFormatDefault);
    }
    w.EndObject();
  }
  w.EndArray();
  for (Latency metric : s.followed) {
    if (auto drift = s.Drift(metric)) Num(w, std::string(NameOf(metric)) + "_drift", *drift);
  }
  w.EndObject();
}

}  // namespace

std::vector<Figure> HeadlineFigures(const RunResult& r) {
  std::vector<Figure> out;
  const std::int64_t opened = r.metrics.histogram(Latency::kConnectTime).count();
  if (opened > 0 && r.connect_phase_s > 0) {
    out.push_back({"connect_rate_per_s", opened / r.connect_phase_s});
  }
  out.push_back({"peak_open_connections", static_cast<double>(r.peak_open_connections)});
  if (r.client_peak_rss_bytes > 0) {
    out.push_back({"client_peak_rss_bytes", static_cast<double>(r.client_peak_rss_bytes)});
  }
  if (r.most_connections_sampled > 0 && r.client_rss_at_most_connections > 0) {
    out.push_back(
        {"client_rss_per_connection_bytes",
         static_cast<double>(r.client_rss_at_most_connections - r.client_baseline_rss_bytes) /
             r.most_connections_sampled});
  }
  if (r.server_peak_rss_bytes > 0) {
    out.push_back({"server_peak_rss_bytes", static_cast<double>(r.server_peak_rss_bytes)});
  }
  if (r.most_connections_sampled > 0 && r.server_rss_at_most_connections > 0) {
    out.push_back(
        {"server_rss_per_connection_bytes",
         static_cast<double>(r.server_rss_at_most_connections - r.server_baseline_rss_bytes) /
             r.most_connections_sampled});
  }
  out.push_back({"client_cpu_s", r.client_cpu_s});
  if (r.server_cpu_s > 0 && r.elapsed_s > 0) {
    out.push_back({"server_cpu_s", r.server_cpu_s});
    out.push_back({"server_cpu_share_of_one_core", r.server_cpu_s / r.elapsed_s});
  }
  if (opened > 0) {
    // Whole-run CPU over connections opened: for rows that only connect and hold, the cost
    // of a connect (TCP, TLS, upgrade, close) with the idle hold's small share.
    out.push_back({"client_cpu_us_per_opened_connection", r.client_cpu_s * 1e6 / opened});
  }
  const std::int64_t delivered = r.metrics.count(Counter::kMessagesReceived);
  if (delivered > 0) {
    // Whole-run CPU (connects and matching included) over delivered messages: an upper bound.
    out.push_back({"client_cpu_us_per_delivered_message", r.client_cpu_s * 1e6 / delivered});
  }
  if (auto chat = ChatPhaseCpuUsPerMessage(r.series)) {
    out.push_back({"client_cpu_us_per_delivered_message_chat_phase", *chat});
  }
  const std::int64_t frames = r.frames_written + r.frames_read;
  if (frames > 0) {
    // Whole-run CPU (connects included) over every frame written or read.
    out.push_back({"frames_written_and_read", static_cast<double>(frames)});
    out.push_back({"client_cpu_us_per_frame", r.client_cpu_s * 1e6 / frames});
  }
  // The same costs as multiples of the kernel's floor measured in the run (kernel_floor.h).
  if (r.floor_cpu_us_per_connect > 0) {
    out.push_back({"floor_cpu_us_per_connect", r.floor_cpu_us_per_connect});
    if (opened > 0) {
      out.push_back({"client_cpu_per_connect_to_floor",
                     r.client_cpu_s * 1e6 / opened / r.floor_cpu_us_per_connect});
    }
  }
  if (r.floor_cpu_us_per_frame > 0) {
    out.push_back({"floor_cpu_us_per_frame", r.floor_cpu_us_per_frame});
    if (frames > 0) {
      out.push_back({"client_cpu_per_frame_to_floor",
                     r.client_cpu_s * 1e6 / frames / r.floor_cpu_us_per_frame});
    }
  }
  return out;
}

std::optional<double> ChatPhaseCpuUsPerMessage(const TimeSeries& s) {
  const GaugeSeries& cpu = s.gauge(Gauge::kClientCpu);
  double cpu_s = 0;
  std::int64_t messages = 0;
  for (std::size_t i = 1; i < cpu.t_s.size(); ++i) {
    // The sample at t covers (t_prev, t]: the second that ends at t, on the same grid.
    const long end = std::lround(cpu.t_s[i]);
    if (end < 1 || static_cast<std::size_t>(end) > s.seconds.size()) continue;
    const auto second = static_cast<std::size_t>(end - 1);
    const SecondPoint& p = s.seconds[second];
    if (p.messages == 0 || p.connects != 0 || p.matches != 0) continue;
    cpu_s += cpu.value[i] * (cpu.t_s[i] - cpu.t_s[i - 1]);
    messages += p.messages;
  }
  if (messages == 0) return std::nullopt;
  return cpu_s * 1e6 / static_cast<double>(messages);
}

std::string RenderReport(const ReportInput& in) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer, in.secrets);
  w.SetIndent(' ', 1);
  w.StartObject();
  Int(w, "swarmgate_report_version", 1);
  Str(w, "test");
  Str(w, in.test_name);
  Str(w, "context");
  w.StartObject();
  for (const auto& [key, value] : in.context) {
    Str(w, key);
    Str(w, value);
  }
  w.EndObject();
  if (in.spec) {
    Str(w, "row");
    WriteRow(w, *in.spec);
  } else if (!in.row_json.empty()) {
    Str(w, "row");
    w.RawValue(in.row_json.data(), in.row_json.size(), rapidjson::kObjectType);
  }
  if (in.result) {
    const RunResult& r = *in.result;
    Str(w, "run");
    w.StartObject();
    Int(w, "threads", r.threads);
    Num(w, "elapsed_s", r.elapsed_s);
    Int(w, "users_unfinished", r.users_unfinished);
    Int(w, "client_baseline_rss_bytes", r.client_baseline_rss_bytes);
    Int(w, "server_baseline_rss_bytes", r.server_baseline_rss_bytes);
    w.EndObject();
    Str(w, "figures");
    w.StartObject();
    for (const Figure& f : in.figures) Num(w, f.name, f.value);
    w.EndObject();
    Str(w, "metrics");
    WriteMetrics(w, r.metrics);
    Str(w, "series");
    WriteSeries(w, r.series);
    if (!r.server_sampling_error.empty()) {
      Str(w, "server_sampling_error");
      Str(w, r.server_sampling_error);
    }
    Str(w, "errors");
    w.StartObject();
    for (int i = 0; i < static_cast<int>(ErrorClass::kCount_); ++i) {
      const auto& tally = r.errors.tally(static_cast<ErrorClass>(i));
      if (tally.count == 0) continue;
      Str(w, NameOf(static_cast<ErrorClass>(i)));
      w.StartObject();
      Int(w, "count", tally.count);
      Str(w, "sample");
      Str(w, tally.sample);
      w.EndObject();
    }
    w.EndObject();
  }
  if (in.thresholds) {
    Str(w, "thresholds");
    w.StartArray();
    for (const auto& [row_id, t] : *in.thresholds) {
      w.StartObject();
      Str(w, "row");
      Str(w, row_id);
      Str(w, "threshold");
      Str(w, t.text);
      Str(w, "source");
      Str(w, t.source);
      if (!t.replaced.empty()) {
        Str(w, "replaced");
        Str(w, t.replaced);
      }
      w.EndObject();
    }
    w.EndArray();
  }
  if (in.verdict) {
    Str(w, "verdict");
    w.StartObject();
    Str(w, "outcome");
    Str(w, NameOf(in.verdict->outcome));
    for (auto [key, list] : {std::pair{"violations", &in.verdict->violations},
                             std::pair{"inconclusive_reasons", &in.verdict->inconclusive_reasons},
                             std::pair{"not_measured", &in.verdict->not_measured},
                             std::pair{"not_applicable", &in.verdict->not_applicable},
                             std::pair{"notes", &in.verdict->notes}}) {
      Str(w, key);
      w.StartArray();
      for (const auto& line : *list) Str(w, line);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string RenderRow(const LoadSpec& row) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer, nullptr);
  w.SetIndent(' ', 1);
  WriteRow(w, row);
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool WriteTextFile(const std::string& path, const std::string& content, std::string* error) {
  std::error_code ec;
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace swarmgate
