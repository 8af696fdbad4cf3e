#include "swarmgate/report.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace swarmgate {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void Str(Writer& w, std::string_view s) {
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

void WriteRow(Writer& w, const LoadSpec& s) {
  w.StartObject();
  Str(w, "name");
  Str(w, s.name);
  Str(w, "flow");
  Str(w, NameOf(s.flow));
  Int(w, "users", s.users);
  Num(w, "connect_ramp_s", s.connect_ramp_s);
  Num(w, "hold_s", s.hold_s);
  Num(w, "match_window_s", s.match_window_s);
  Num(w, "match_timeout_s", s.match_timeout_s);
  Num(w, "rematch_for_s", s.rematch_for_s);
  Num(w, "rematch_pause_s", s.rematch_pause_s);
  Num(w, "chat_s", s.chat_s);
  Num(w, "message_interval_s", s.message_interval_s);
  Num(w, "typing_lead_s", s.typing_lead_s);
  Int(w, "payload_bytes", s.payload_bytes);
  Num(w, "drain_s", s.drain_s);
  Int(w, "handshakes_in_flight", s.handshakes_in_flight);
  Num(w, "connection_lifetime_s", s.connection_lifetime_s);
  Num(w, "window_s", s.window_s);
  Str(w, "profile");
  Str(w, s.profile);
  Num(w, "max_loop_lag_ms", s.max_loop_lag_ms);
  Num(w, "max_late_send_rate", s.max_late_send_rate);
  Int(w, "generator_stall_ms", s.generator_stall_ms);
  Str(w, "expect_percentiles");
  w.StartArray();
  for (const ExpectedPercentile& e : s.expect_percentiles) {
    w.StartObject();
    Str(w, "metric");
    Str(w, e.metric);
    Num(w, "percentile", e.percentile);
    Num(w, "expected_us", e.expected_us);
    w.EndObject();
  }
  w.EndArray();
  for (auto [key, list] :
       {std::pair{"thresholds", &s.thresholds}, std::pair{"server_faults", &s.server_faults},
        std::pair{"expect_violated", &s.expect_violated}}) {
    Str(w, key);
    w.StartArray();
    for (const auto& item : *list) Str(w, item);
    w.EndArray();
  }
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
  const std::int64_t delivered = r.metrics.count(Counter::kMessagesReceived);
  if (delivered > 0) {
    // Whole-run CPU (connects and matching included) over delivered messages: an upper bound.
    out.push_back({"client_cpu_us_per_delivered_message", r.client_cpu_s * 1e6 / delivered});
  }
  if (auto chat = ChatPhaseCpuUsPerMessage(r.series)) {
    out.push_back({"client_cpu_us_per_delivered_message_chat_phase", *chat});
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
  Writer w(buffer);
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
  if (in.verdict) {
    Str(w, "verdict");
    w.StartObject();
    Str(w, "outcome");
    Str(w, NameOf(in.verdict->outcome));
    for (auto [key, list] : {std::pair{"violations", &in.verdict->violations},
                             std::pair{"inconclusive_reasons", &in.verdict->inconclusive_reasons},
                             std::pair{"not_measured", &in.verdict->not_measured}}) {
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
