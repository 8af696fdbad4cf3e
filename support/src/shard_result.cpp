#include "swarmgate/shard_result.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "json_file.h"

namespace swarmgate {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Counts and times beyond these are no run's, and sums of them could overflow.
constexpr std::int64_t kMostCount = std::int64_t{1} << 50;
constexpr std::int64_t kFurthestUs = std::int64_t{1} << 50;
// A run is at most a week long: times, seconds and windows beyond it are not a shard's.
constexpr double kLongestRunS = 7 * 86400;
// Per-second values of a long soak make large files; a bound still keeps a stray file out.
constexpr std::uintmax_t kMaxShardFileBytes = std::uintmax_t{1} << 30;

void Key(Writer& w, std::string_view key) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}
void Str(Writer& w, std::string_view text) {
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}
void Strings(Writer& w, std::string_view key, const std::vector<std::string>& list) {
  Key(w, key);
  w.StartArray();
  for (const std::string& s : list) Str(w, s);
  w.EndArray();
}
void WriteBuckets(Writer& w, const Buckets& buckets) {
  w.StartArray();
  for (const auto& [value, count] : buckets) {
    w.Int64(value);
    w.Int64(count);
  }
  w.EndArray();
}
template <typename T, typename F>
void Column(Writer& w, std::string_view key, const std::vector<T>& rows, F value_of) {
  Key(w, key);
  w.StartArray();
  for (const T& row : rows) value_of(row);
  w.EndArray();
}

void WriteHistogram(Writer& w, const Histogram& h) {
  const Histogram::State s = h.Save();
  char sum[64];
  std::snprintf(sum, sizeof sum, "%.0Lf", s.sum);
  w.StartObject();
  Key(w, "highest_trackable");
  w.Int64(s.highest_trackable);
  Key(w, "below_range");
  w.Int64(s.below_range);
  Key(w, "above_range");
  w.Int64(s.above_range);
  Key(w, "min");
  w.Int64(s.min);
  Key(w, "max");
  w.Int64(s.max);
  Key(w, "sum");  // a string: a sum of int64 values may not fit a double exactly
  Str(w, sum);
  Key(w, "buckets");  // value, count, value, count, ...
  WriteBuckets(w, s.buckets);
  w.EndObject();
}

void WriteSeries(Writer& w, const TimeSeries& s) {
  w.StartObject();
  Key(w, "followed");
  w.StartArray();
  for (Latency m : s.followed) Str(w, NameOf(m));
  w.EndArray();
  Key(w, "window_s");
  w.Double(s.window_s);
  Key(w, "steady_from_s");
  w.Double(s.steady_from_s);
  Key(w, "cores");
  w.Int(s.cores);
  Key(w, "server_sampled");
  w.Bool(s.server_sampled);
  Column(w, "open_connections", s.seconds,
         [&](const SecondPoint& p) { w.Int64(p.open_connections); });
  Column(w, "connects", s.seconds, [&](const SecondPoint& p) { w.Int64(p.connects); });
  Column(w, "matches", s.seconds, [&](const SecondPoint& p) { w.Int64(p.matches); });
  Column(w, "messages", s.seconds, [&](const SecondPoint& p) { w.Int64(p.messages); });
  Column(w, "errors", s.seconds, [&](const SecondPoint& p) { w.Int64(p.errors); });
  Key(w, "values");  // per second, per followed latency
  w.StartArray();
  for (const auto& second : s.second_values) {
    w.StartArray();
    for (const Buckets& b : second) WriteBuckets(w, b);
    w.EndArray();
  }
  w.EndArray();
  Key(w, "gauges");
  w.StartObject();
  for (std::size_t g = 0; g < kGaugeCount; ++g) {
    Key(w, NameOf(static_cast<Gauge>(g)));
    w.StartObject();
    Column(w, "t_s", s.gauges[g].t_s, [&](double t) { w.Double(t); });
    Column(w, "value", s.gauges[g].value, [&](double v) { w.Double(v); });
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
}

void WriteResult(Writer& w, const RunResult& r) {
  w.StartObject();
  const std::pair<const char*, std::int64_t> whole[] = {
      {"threads", r.threads},
      {"users_unfinished", r.users_unfinished},
      {"peak_open_connections", r.peak_open_connections},
      {"client_baseline_rss_bytes", r.client_baseline_rss_bytes},
      {"client_peak_rss_bytes", r.client_peak_rss_bytes},
      {"client_rss_at_most_connections", r.client_rss_at_most_connections},
      {"most_connections_sampled", r.most_connections_sampled},
      {"server_baseline_rss_bytes", r.server_baseline_rss_bytes},
      {"server_peak_rss_bytes", r.server_peak_rss_bytes},
      {"server_rss_at_most_connections", r.server_rss_at_most_connections},
  };
  for (const auto& [key, value] : whole) {
    Key(w, key);
    w.Int64(value);
  }
  const std::pair<const char*, double> real[] = {
      {"elapsed_s", r.elapsed_s},
      {"client_cpu_s", r.client_cpu_s},
      {"server_cpu_s", r.server_cpu_s},
      {"connect_phase_s", r.connect_phase_s},
      {"connect_phase_start_s", r.connect_phase_start_s},
  };
  for (const auto& [key, value] : real) {
    Key(w, key);
    w.Double(value);
  }
  Key(w, "server_sampling_error");
  Str(w, r.server_sampling_error);
  Strings(w, "generator_problems", r.generator_problems);
  Key(w, "latencies");
  w.StartObject();
  for (std::size_t i = 0; i < kLatencyCount; ++i) {
    Key(w, NameOf(static_cast<Latency>(i)));
    WriteHistogram(w, r.metrics.histogram(static_cast<Latency>(i)));
  }
  w.EndObject();
  Key(w, "counters");
  w.StartObject();
  for (std::size_t i = 0; i < kCounterCount; ++i) {
    Key(w, NameOf(static_cast<Counter>(i)));
    w.Int64(r.metrics.count(static_cast<Counter>(i)));
  }
  w.EndObject();
  Key(w, "errors");
  w.StartObject();
  for (std::size_t i = 0; i < static_cast<std::size_t>(ErrorClass::kCount_); ++i) {
    const ErrorLog::Tally& t = r.errors.tally(static_cast<ErrorClass>(i));
    Key(w, NameOf(static_cast<ErrorClass>(i)));
    w.StartObject();
    Key(w, "count");
    w.Int64(t.count);
    Key(w, "sample");
    Str(w, t.sample);
    w.EndObject();
  }
  w.EndObject();
  Key(w, "series");
  WriteSeries(w, r.series);
  Key(w, "open_match_sides");  // [match, self, partner (decimal strings), msg sent, received,
  w.StartArray();              //  signals sent, received, [typing sent], [typing received]]
  for (const OpenMatchSide& s : r.open_match_sides) {
    w.StartArray();
    for (std::uint64_t key : {s.match_key, s.self_key, s.partner_key}) {
      Str(w, std::to_string(key));
    }
    for (std::int64_t n :
         {s.messages_sent, s.messages_received, s.signals_sent, s.signals_received}) {
      w.Int64(n);
    }
    for (const auto* times : {&s.typing_sent_us, &s.typing_received_us}) {
      w.StartArray();
      for (Micros t : *times) w.Int64(t);
      w.EndArray();
    }
    w.EndArray();
  }
  w.EndArray();
  w.EndObject();
}

// Reads the document, stopping at the first problem: a shard file is written by swarmgate,
// so one line naming where it went wrong is enough.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}
  bool failed() const { return !problem_.empty(); }
  const std::string& problem() const { return problem_; }

  void Fail(const std::string& at, const std::string& why) {
    if (problem_.empty()) problem_ = source_ + ": " + (at.empty() ? "/" : at) + ": " + why;
  }
  const rapidjson::Value* Member(const rapidjson::Value& object, const std::string& at,
                                 std::string_view key, rapidjson::Type type) {
    if (failed()) return nullptr;
    const std::string where = at + "/" + PointerToken(key);
    if (!object.IsObject()) {
      Fail(at, "expected an object");
      return nullptr;
    }
    const auto it = object.FindMember(rapidjson::Value(
        rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
    if (it == object.MemberEnd()) {
      Fail(where, "missing");
      return nullptr;
    }
    const bool number = type == rapidjson::kNumberType;
    const bool boolean = type == rapidjson::kTrueType || type == rapidjson::kFalseType;
    if ((number && !it->value.IsNumber()) || (boolean && !it->value.IsBool()) ||
        (!number && !boolean && it->value.GetType() != type)) {
      Fail(where, "of the wrong type");
      return nullptr;
    }
    return &it->value;
  }
  std::int64_t Int(const rapidjson::Value& o, const std::string& at, std::string_view key) {
    const rapidjson::Value* v = Member(o, at, key, rapidjson::kNumberType);
    if (!v) return 0;
    if (!v->IsInt64()) Fail(at + "/" + std::string(key), "expected a whole number");
    return v->IsInt64() ? v->GetInt64() : 0;
  }
  double Real(const rapidjson::Value& o, const std::string& at, std::string_view key) {
    const rapidjson::Value* v = Member(o, at, key, rapidjson::kNumberType);
    return v ? v->GetDouble() : 0;
  }
  bool Bool(const rapidjson::Value& o, const std::string& at, std::string_view key) {
    const rapidjson::Value* v = Member(o, at, key, rapidjson::kTrueType);
    return v && v->GetBool();
  }
  std::string String(const rapidjson::Value& o, const std::string& at, std::string_view key) {
    const rapidjson::Value* v = Member(o, at, key, rapidjson::kStringType);
    return v ? std::string(v->GetString(), v->GetStringLength()) : std::string();
  }
  std::vector<std::string> Strings(const rapidjson::Value& o, const std::string& at,
                                   std::string_view key) {
    std::vector<std::string> out;
    const rapidjson::Value* v = Member(o, at, key, rapidjson::kArrayType);
    if (!v) return out;
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
      if (!(*v)[i].IsString()) {
        Fail(at + "/" + std::string(key) + "/" + std::to_string(i), "expected a string");
        return out;
      }
      out.emplace_back((*v)[i].GetString(), (*v)[i].GetStringLength());
    }
    return out;
  }
  // A flat array of whole numbers.
  std::vector<std::int64_t> Ints(const rapidjson::Value& v, const std::string& at) {
    std::vector<std::int64_t> out;
    if (!v.IsArray()) {
      Fail(at, "expected an array");
      return out;
    }
    out.reserve(v.Size());
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (!v[i].IsInt64()) {
        Fail(at + "/" + std::to_string(i), "expected a whole number");
        return out;
      }
      out.push_back(v[i].GetInt64());
    }
    return out;
  }
  std::vector<double> Reals(const rapidjson::Value& v, const std::string& at) {
    std::vector<double> out;
    if (!v.IsArray()) {
      Fail(at, "expected an array");
      return out;
    }
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (!v[i].IsNumber()) {
        Fail(at + "/" + std::to_string(i), "expected a number");
        return out;
      }
      out.push_back(v[i].GetDouble());
    }
    return out;
  }
  Buckets ReadBuckets(const rapidjson::Value& v, const std::string& at) {
    const std::vector<std::int64_t> flat = Ints(v, at);
    Buckets out;
    if (flat.size() % 2 != 0) Fail(at, "expected value, count pairs");
    for (std::size_t i = 0; i + 1 < flat.size(); i += 2) out.emplace_back(flat[i], flat[i + 1]);
    return out;
  }

 private:
  std::string source_;
  std::string problem_;
};

Histogram ReadHistogram(Reader& r, const rapidjson::Value& v, const std::string& at) {
  Histogram::State s;
  s.highest_trackable = r.Int(v, at, "highest_trackable");
  s.below_range = r.Int(v, at, "below_range");
  s.above_range = r.Int(v, at, "above_range");
  s.min = r.Int(v, at, "min");
  s.max = r.Int(v, at, "max");
  const std::string sum = r.String(v, at, "sum");
  char* end = nullptr;
  s.sum = std::strtold(sum.c_str(), &end);
  if (!r.failed() && (sum.empty() || *end != '\0' || !std::isfinite(s.sum))) {
    r.Fail(at + "/sum", "expected a number");
  }
  if (const rapidjson::Value* b = r.Member(v, at, "buckets", rapidjson::kArrayType)) {
    s.buckets = r.ReadBuckets(*b, at + "/buckets");
  }
  if (r.failed()) return Histogram();
  std::optional<Histogram> h = Histogram::Restore(s);
  if (!h || h->count() > kMostCount) {
    r.Fail(at, "not a histogram swarmgate wrote");
    return Histogram();
  }
  return std::move(*h);
}

void ReadSeries(Reader& r, const rapidjson::Value& v, const std::string& at, TimeSeries* s) {
  for (const std::string& name : r.Strings(v, at, "followed")) {
    if (auto m = LatencyNamed(name)) {
      s->followed.push_back(*m);
    } else {
      r.Fail(at + "/followed", "\"" + name + "\" is not a latency");
    }
  }
  s->window_s = r.Real(v, at, "window_s");
  if (!r.failed() && !(s->window_s >= 1 && s->window_s <= kLongestRunS)) {
    r.Fail(at + "/window_s", "expected a duration of 1 s .. a week");
  }
  s->steady_from_s = r.Real(v, at, "steady_from_s");
  s->cores = static_cast<int>(r.Int(v, at, "cores"));
  s->server_sampled = r.Bool(v, at, "server_sampled");
  std::vector<std::int64_t> columns[5];
  const char* names[5] = {"open_connections", "connects", "matches", "messages", "errors"};
  for (int c = 0; c < 5; ++c) {
    if (const rapidjson::Value* col = r.Member(v, at, names[c], rapidjson::kArrayType)) {
      columns[c] = r.Ints(*col, at + "/" + names[c]);
      if (!r.failed() && columns[c].size() != columns[0].size()) {
        r.Fail(at + "/" + names[c], "not as long as open_connections");
      }
    }
  }
  const rapidjson::Value* values = r.Member(v, at, "values", rapidjson::kArrayType);
  if (r.failed()) return;
  if (values->Size() != columns[0].size()) {
    r.Fail(at + "/values", "expected one element per second");
    return;
  }
  if (columns[0].size() > static_cast<std::size_t>(kLongestRunS)) {
    r.Fail(at + "/open_connections", "more seconds than a week");
    return;
  }
  for (const auto& column : columns) {
    for (std::int64_t n : column) {
      if (n < 0 || n > kMostCount) {
        r.Fail(at, "a per-second count that is not one");
        return;
      }
    }
  }
  for (std::size_t k = 0; k < columns[0].size(); ++k) {
    SecondPoint& p = s->seconds.emplace_back();
    p.open_connections = columns[0][k];
    p.connects = columns[1][k];
    p.matches = columns[2][k];
    p.messages = columns[3][k];
    p.errors = columns[4][k];
    const std::string second_at = at + "/values/" + std::to_string(k);
    const rapidjson::Value& second = (*values)[static_cast<rapidjson::SizeType>(k)];
    if (!second.IsArray() || second.Size() != s->followed.size()) {
      r.Fail(second_at, "expected the values of each followed latency");
      return;
    }
    auto& buckets = s->second_values.emplace_back();
    p.p95_us.assign(s->followed.size(), -1);
    for (rapidjson::SizeType m = 0; m < second.Size(); ++m) {
      buckets.push_back(r.ReadBuckets(second[m], second_at + "/" + std::to_string(m)));
    }
  }
  const rapidjson::Value* gauges = r.Member(v, at, "gauges", rapidjson::kObjectType);
  for (std::size_t g = 0; g < kGaugeCount && !r.failed(); ++g) {
    const std::string name(NameOf(static_cast<Gauge>(g)));
    const std::string gauge_at = at + "/gauges/" + name;
    const rapidjson::Value* gauge = r.Member(*gauges, at + "/gauges", name, rapidjson::kObjectType);
    const rapidjson::Value* t =
        gauge ? r.Member(*gauge, gauge_at, "t_s", rapidjson::kArrayType) : nullptr;
    const rapidjson::Value* value =
        gauge ? r.Member(*gauge, gauge_at, "value", rapidjson::kArrayType) : nullptr;
    if (r.failed()) return;
    s->gauges[g].t_s = r.Reals(*t, gauge_at + "/t_s");
    for (double t_s : s->gauges[g].t_s) {
      if (!(t_s >= 0 && t_s <= kLongestRunS)) r.Fail(gauge_at + "/t_s", "a time outside the run");
    }
    s->gauges[g].value = r.Reals(*value, gauge_at + "/value");
    if (!r.failed() && s->gauges[g].t_s.size() != s->gauges[g].value.size()) {
      r.Fail(gauge_at, "t_s and value differ in length");
    }
  }
}

void ReadResult(Reader& r, const rapidjson::Value& v, const std::string& at, RunResult* out) {
  // Whole counts of a process: at most a few million (anything else is not a shard's).
  for (auto [key, field] : {std::pair{"threads", &out->threads},
                            std::pair{"users_unfinished", &out->users_unfinished}}) {
    const std::int64_t n = r.Int(v, at, key);
    if (!r.failed() && (n < 0 || n > (1 << 24))) r.Fail(at + "/" + key, "not a count");
    *field = static_cast<int>(r.failed() ? 0 : n);
  }
  out->peak_open_connections = r.Int(v, at, "peak_open_connections");
  out->client_baseline_rss_bytes = r.Int(v, at, "client_baseline_rss_bytes");
  out->client_peak_rss_bytes = r.Int(v, at, "client_peak_rss_bytes");
  out->client_rss_at_most_connections = r.Int(v, at, "client_rss_at_most_connections");
  out->most_connections_sampled = r.Int(v, at, "most_connections_sampled");
  out->server_baseline_rss_bytes = r.Int(v, at, "server_baseline_rss_bytes");
  out->server_peak_rss_bytes = r.Int(v, at, "server_peak_rss_bytes");
  out->server_rss_at_most_connections = r.Int(v, at, "server_rss_at_most_connections");
  out->elapsed_s = r.Real(v, at, "elapsed_s");
  out->client_cpu_s = r.Real(v, at, "client_cpu_s");
  out->server_cpu_s = r.Real(v, at, "server_cpu_s");
  out->connect_phase_s = r.Real(v, at, "connect_phase_s");
  out->connect_phase_start_s = r.Real(v, at, "connect_phase_start_s");
  for (auto [key, value] :
       {std::pair{"elapsed_s", out->elapsed_s}, std::pair{"connect_phase_s", out->connect_phase_s},
        std::pair{"connect_phase_start_s", out->connect_phase_start_s}}) {
    if (!r.failed() && !(value >= 0 && value <= kLongestRunS)) {
      r.Fail(at + "/" + key, "a time outside the run");
    }
  }
  for (auto [key, value] :
       {std::pair{"peak_open_connections", out->peak_open_connections},
        std::pair{"client_peak_rss_bytes", out->client_peak_rss_bytes},
        std::pair{"client_baseline_rss_bytes", out->client_baseline_rss_bytes},
        std::pair{"client_rss_at_most_connections", out->client_rss_at_most_connections},
        std::pair{"most_connections_sampled", out->most_connections_sampled}}) {
    if (!r.failed() && (value < 0 || value > kMostCount)) r.Fail(at + "/" + key, "not a count");
  }
  out->server_sampling_error = r.String(v, at, "server_sampling_error");
  out->generator_problems = r.Strings(v, at, "generator_problems");
  if (const rapidjson::Value* l = r.Member(v, at, "latencies", rapidjson::kObjectType)) {
    for (std::size_t i = 0; i < kLatencyCount && !r.failed(); ++i) {
      const auto metric = static_cast<Latency>(i);
      const std::string name(NameOf(metric));
      if (const rapidjson::Value* h =
              r.Member(*l, at + "/latencies", name, rapidjson::kObjectType)) {
        out->metrics.histogram(metric) = ReadHistogram(r, *h, at + "/latencies/" + name);
      }
    }
  }
  if (const rapidjson::Value* c = r.Member(v, at, "counters", rapidjson::kObjectType)) {
    for (std::size_t i = 0; i < kCounterCount && !r.failed(); ++i) {
      const auto metric = static_cast<Counter>(i);
      const std::int64_t n = r.Int(*c, at + "/counters", NameOf(metric));
      if (!r.failed() && (n < 0 || n > kMostCount)) {
        r.Fail(at + "/counters/" + std::string(NameOf(metric)), "not a count");
      }
      out->metrics.Add(metric, n);
    }
  }
  if (const rapidjson::Value* e = r.Member(v, at, "errors", rapidjson::kObjectType)) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(ErrorClass::kCount_) && !r.failed(); ++i) {
      const auto kind = static_cast<ErrorClass>(i);
      const std::string name(NameOf(kind));
      const std::string kind_at = at + "/errors/" + name;
      if (const rapidjson::Value* t = r.Member(*e, at + "/errors", name, rapidjson::kObjectType)) {
        ErrorLog::Tally tally;
        tally.count = r.Int(*t, kind_at, "count");
        if (!r.failed() && (tally.count < 0 || tally.count > kMostCount)) {
          r.Fail(kind_at + "/count", "not a count");
        }
        tally.sample = r.String(*t, kind_at, "sample");
        out->errors.AddTally(kind, std::move(tally));
      }
    }
  }
  if (const rapidjson::Value* s = r.Member(v, at, "series", rapidjson::kObjectType)) {
    ReadSeries(r, *s, at + "/series", &out->series);
  }
  const rapidjson::Value* sides = r.Member(v, at, "open_match_sides", rapidjson::kArrayType);
  for (rapidjson::SizeType i = 0; sides && i < sides->Size() && !r.failed(); ++i) {
    const std::string side_at = at + "/open_match_sides/" + std::to_string(i);
    const rapidjson::Value& a = (*sides)[i];
    if (!a.IsArray() || a.Size() != 9 || !a[0].IsString() || !a[1].IsString() || !a[2].IsString()) {
      r.Fail(side_at, "expected [match, self, partner, 4 counts, 2 lists of times]");
      break;
    }
    OpenMatchSide side;
    std::uint64_t* keys[3] = {&side.match_key, &side.self_key, &side.partner_key};
    for (int k = 0; k < 3; ++k) {
      char* end = nullptr;
      *keys[k] = std::strtoull(a[k].GetString(), &end, 10);
      if (*end != '\0' || a[k].GetStringLength() == 0) r.Fail(side_at, "a key is not a number");
    }
    std::int64_t* counts[4] = {&side.messages_sent, &side.messages_received, &side.signals_sent,
                               &side.signals_received};
    for (int k = 0; k < 4; ++k) {
      if (!a[3 + k].IsInt64()) {
        r.Fail(side_at, "a count is not a whole number");
        break;
      }
      *counts[k] = a[3 + k].GetInt64();
    }
    side.typing_sent_us = r.Ints(a[7], side_at + "/7");
    side.typing_received_us = r.Ints(a[8], side_at + "/8");
    for (std::int64_t n :
         {side.messages_sent, side.messages_received, side.signals_sent, side.signals_received}) {
      if (n < 0 || n > kMostCount) r.Fail(side_at, "a count that is not one");
    }
    for (const auto* times : {&side.typing_sent_us, &side.typing_received_us}) {
      for (Micros t : *times) {
        if (t < -kFurthestUs || t > kFurthestUs) r.Fail(side_at, "a time outside the run");
      }
    }
    out->open_match_sides.push_back(std::move(side));
  }
}

}  // namespace

std::string ShardResult::Context(std::string_view key) const {
  for (const auto& [k, v] : context) {
    if (k == key) return v;
  }
  return {};
}

std::string Fnv1a64Hex(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, h);
  return hex;
}

std::string RenderShardResult(const ShardResult& s) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Key(w, "swarmgate_shard_version");
  w.Int(ShardResult::kFormatVersion);
  Key(w, "shard");
  w.StartArray();
  w.Int(s.shard.index);
  w.Int(s.shard.count);
  w.EndArray();
  Key(w, "row_id");
  Str(w, s.row_id);
  Key(w, "test");
  Str(w, s.test_name);
  Key(w, "plan");
  Str(w, s.plan);
  Key(w, "start_unix_us");
  w.Int64(s.start_unix_us);
  Key(w, "context");
  w.StartObject();
  for (const auto& [key, value] : s.context) {
    Key(w, key);
    Str(w, value);
  }
  w.EndObject();
  Key(w, "row");
  w.RawValue(s.row_json.data(), s.row_json.size(), rapidjson::kObjectType);
  Key(w, "thresholds");
  w.StartArray();
  for (const auto& [row_id, t] : s.thresholds) {
    w.StartArray();
    for (const std::string* text : {&row_id, &t.text, &t.source, &t.replaced}) Str(w, *text);
    w.EndArray();
  }
  w.EndArray();
  Key(w, "not_applicable");
  w.StartArray();
  for (const auto& [metric, why] : s.not_applicable) {
    w.StartArray();
    Str(w, metric);
    Str(w, why);
    w.EndArray();
  }
  w.EndArray();
  Strings(w, "notes", s.notes);
  Strings(w, "server_problems", s.server_problems);
  Key(w, "result");
  WriteResult(w, s.result);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::optional<ShardResult> ParseShardResult(std::string_view text, const std::string& source,
                                            std::vector<std::string>* errors) {
  rapidjson::Document doc;
  if (!ParseJsonText(text, source, &doc, errors)) return std::nullopt;
  Reader r(source);
  ShardResult s;
  const std::int64_t version = r.Int(doc, "", "swarmgate_shard_version");
  if (!r.failed() && version != ShardResult::kFormatVersion) {
    r.Fail("/swarmgate_shard_version", "version " + std::to_string(version) +
                                           ", this swarmgate reads version " +
                                           std::to_string(ShardResult::kFormatVersion));
  }
  if (const rapidjson::Value* shard = r.Member(doc, "", "shard", rapidjson::kArrayType)) {
    const std::vector<std::int64_t> v = r.Ints(*shard, "/shard");
    if (!r.failed() && (v.size() != 2 || v[1] < 1 || v[1] > 10000 || v[0] < 0 || v[0] >= v[1])) {
      r.Fail("/shard", "expected [index, count] with 0 <= index < count");
    } else if (!r.failed()) {
      s.shard = {static_cast<int>(v[0]), static_cast<int>(v[1])};
    }
  }
  s.row_id = r.String(doc, "", "row_id");
  s.test_name = r.String(doc, "", "test");
  s.plan = r.String(doc, "", "plan");
  s.start_unix_us = r.Int(doc, "", "start_unix_us");
  if (const rapidjson::Value* c = r.Member(doc, "", "context", rapidjson::kObjectType)) {
    for (const auto& m : c->GetObject()) {
      if (!m.value.IsString()) {
        r.Fail("/context/" + PointerToken(m.name.GetString()), "expected a string");
        break;
      }
      s.context.emplace_back(m.name.GetString(), m.value.GetString());
    }
  }
  if (const rapidjson::Value* row = r.Member(doc, "", "row", rapidjson::kObjectType)) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    row->Accept(w);
    s.row_json = std::string(buffer.GetString(), buffer.GetSize());
  }
  if (const rapidjson::Value* t = r.Member(doc, "", "thresholds", rapidjson::kArrayType)) {
    for (rapidjson::SizeType i = 0; i < t->Size(); ++i) {
      const rapidjson::Value& a = (*t)[i];
      if (!a.IsArray() || a.Size() != 4 || !a[0].IsString() || !a[1].IsString() ||
          !a[2].IsString() || !a[3].IsString()) {
        r.Fail("/thresholds/" + std::to_string(i), "expected [row, threshold, source, replaced]");
        break;
      }
      s.thresholds.emplace_back(
          a[0].GetString(), SourcedThreshold{a[1].GetString(), a[2].GetString(), a[3].GetString()});
    }
  }
  if (const rapidjson::Value* n = r.Member(doc, "", "not_applicable", rapidjson::kArrayType)) {
    for (rapidjson::SizeType i = 0; i < n->Size(); ++i) {
      const rapidjson::Value& a = (*n)[i];
      if (!a.IsArray() || a.Size() != 2 || !a[0].IsString() || !a[1].IsString()) {
        r.Fail("/not_applicable/" + std::to_string(i), "expected [metric, why]");
        break;
      }
      s.not_applicable.emplace_back(a[0].GetString(), a[1].GetString());
    }
  }
  s.notes = r.Strings(doc, "", "notes");
  s.server_problems = r.Strings(doc, "", "server_problems");
  if (const rapidjson::Value* result = r.Member(doc, "", "result", rapidjson::kObjectType)) {
    ReadResult(r, *result, "/result", &s.result);
  }
  if (r.failed()) {
    errors->push_back(r.problem());
    return std::nullopt;
  }
  return s;
}

std::optional<ShardResult> LoadShardResult(const std::string& path,
                                           std::vector<std::string>* errors) {
  const std::optional<std::string> text =
      ReadJsonFile(path, kMaxShardFileBytes, "shard result", errors);
  if (!text) return std::nullopt;
  return ParseShardResult(*text, path, errors);
}

}  // namespace swarmgate
