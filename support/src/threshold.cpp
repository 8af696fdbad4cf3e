#include "swarmgate/threshold.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace swarmgate {
namespace {

std::vector<std::string> Tokens(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> out;
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

// Parses a leading decimal number; the rest of the token is returned as the unit.
bool ParseNumber(const std::string& token, double* value, std::string* unit) {
  const char* begin = token.c_str();
  char* end = nullptr;
  *value = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(*value)) return false;
  *unit = std::string(end);
  return true;
}

std::optional<Compare> ParseCompare(const std::string& op) {
  if (op == "<") return Compare::kLess;
  if (op == "<=") return Compare::kLessEqual;
  if (op == ">") return Compare::kGreater;
  if (op == ">=") return Compare::kGreaterEqual;
  if (op == "==") return Compare::kEqual;
  return std::nullopt;
}

std::string Trimmed(double v) {
  char buf[32];
  if (std::fabs(v) >= 1000) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g", v);
  }
  return buf;
}

}  // namespace

std::string_view Threshold::metric_name() const {
  return std::visit([](auto m) { return NameOf(m); }, metric);
}

bool Threshold::Holds(double observed) const {
  switch (op) {
    case Compare::kLess:
      return observed < bound;
    case Compare::kLessEqual:
      return observed <= bound;
    case Compare::kGreater:
      return observed > bound;
    case Compare::kGreaterEqual:
      return observed >= bound;
    case Compare::kEqual:
      return observed == bound;
  }
  return false;
}

namespace {

// The stat of a latency metric: p<N>, min, max, mean, count or drift.
bool ParseLatencyStat(const std::string& stat, Threshold* t, std::string* why) {
  t->unit = Unit::kMicros;
  if (stat == "count") {
    t->stat = Stat::kCount;
    t->unit = Unit::kCount;
  } else if (stat == "rate") {
    *why = "\"" + std::string(t->metric_name()) + "\" has no rate (use count)";
    return false;
  } else if (stat == "drift") {
    t->stat = Stat::kDrift;
    t->unit = Unit::kRatio;
  } else if (stat == "min") {
    t->stat = Stat::kMin;
  } else if (stat == "max") {
    t->stat = Stat::kMax;
  } else if (stat == "mean") {
    t->stat = Stat::kMean;
  } else if (stat.size() > 1 && stat[0] == 'p') {
    std::string rest;
    if (!ParseNumber(stat.substr(1), &t->percentile, &rest) || !rest.empty() ||
        t->percentile <= 0 || t->percentile > 100) {
      *why = "bad percentile \"" + stat + "\" (expected p50, p95, p99.9, ...)";
      return false;
    }
    t->stat = Stat::kPercentile;
  } else {
    *why = "unknown stat \"" + stat + "\" (expected p<N>, min, max, mean, count, drift)";
    return false;
  }
  return true;
}

bool ParseCounterStat(const std::string& stat, Threshold* t, std::string* why) {
  const Counter counter = std::get<Counter>(t->metric);
  if (stat == "count") {
    t->stat = Stat::kCount;
    t->unit = Unit::kCount;
  } else if (stat == "rate" && DenominatorOf(counter)) {
    t->stat = Stat::kRate;
    t->unit = Unit::kFraction;
  } else if (stat == "rate") {
    *why = "\"" + std::string(NameOf(counter)) + "\" has no rate (use count)";
    return false;
  } else {
    *why = "a counter takes count or rate, not \"" + stat + "\"";
    return false;
  }
  return true;
}

bool ParseGaugeStat(const std::string& stat, Threshold* t, std::string* why) {
  const bool memory = IsMemory(std::get<Gauge>(t->metric));
  t->unit = memory ? Unit::kBytes : Unit::kFraction;
  if (stat == "max") {
    t->stat = Stat::kMax;
  } else if (stat == "mean") {
    t->stat = Stat::kMean;
  } else if (stat == "growth" && memory) {
    t->stat = Stat::kGrowth;
    t->unit = Unit::kBytesPerHour;
  } else if (stat == "machine_mean" && !memory) {
    t->stat = Stat::kMachineMean;
  } else {
    *why = "unknown stat \"" + stat + "\" for " + std::string(t->metric_name()) +
           (memory ? " (expected max, mean, growth)" : " (expected max, mean, machine_mean)");
    return false;
  }
  return true;
}

// Bytes in one of the memory units; 0 when the unit is not one.
double BytesPerUnit(const std::string& unit) {
  static const std::pair<const char*, double> kUnits[] = {
      {"B", 1},         {"KB", 1e3}, {"KiB", 1024.0},       {"MB", 1e6},
      {"MiB", 1048576}, {"GB", 1e9}, {"GiB", 1073741824.0},
  };
  for (const auto& [name, bytes] : kUnits) {
    if (unit == name) return bytes;
  }
  return 0;
}

// Converts the written value to the threshold's unit; false with *why when it does not fit.
bool ParseBound(double value, const std::string& unit, Threshold* t, std::string* why) {
  switch (t->unit) {
    case Unit::kMicros:
      if (unit == "us") {
        t->bound = value;
      } else if (unit == "ms") {
        t->bound = value * 1e3;
      } else if (unit == "s") {
        t->bound = value * 1e6;
      } else {
        *why = "a latency bound needs a unit: us, ms or s";
        return false;
      }
      return true;
    case Unit::kFraction:
      if (unit != "%") {
        *why = t->stat == Stat::kRate ? "a rate bound is a percentage, e.g. 1%"
                                      : "a CPU bound is a percentage of a core, e.g. 50%";
        return false;
      }
      if (value < 0 || (t->stat == Stat::kRate && value > 100)) {
        *why = "a rate must lie in 0%..100%";
        return false;
      }
      t->bound = value / 100.0;
      return true;
    case Unit::kBytes:
    case Unit::kBytesPerHour: {
      const bool per_hour = t->unit == Unit::kBytesPerHour;
      const std::string suffix = "/h";
      const bool has_suffix = unit.size() > suffix.size() &&
                              unit.compare(unit.size() - suffix.size(), suffix.size(), suffix) == 0;
      const double bytes = BytesPerUnit(has_suffix ? unit.substr(0, unit.size() - 2) : unit);
      if (bytes == 0 || has_suffix != per_hour) {
        *why = per_hour ? "a growth bound needs a memory unit per hour, e.g. 100MiB/h"
                        : "a memory bound needs a unit: B, KB, KiB, MB, MiB, GB or GiB";
        return false;
      }
      t->bound = value * bytes;
      return true;
    }
    case Unit::kRatio:
      if (!unit.empty() && unit != "x") {
        *why = "a drift bound is a plain ratio, e.g. 1.5";
        return false;
      }
      t->bound = value;
      return true;
    case Unit::kCount:
      if (!unit.empty()) {
        *why = "a count bound takes no unit";
        return false;
      }
      t->bound = value;
      return true;
  }
  return false;
}

std::string FormatBytes(double bytes) {
  static const std::pair<const char*, double> kScale[] = {
      {"GiB", 1073741824.0}, {"MiB", 1048576.0}, {"KiB", 1024.0}};
  for (const auto& [name, size] : kScale) {
    if (std::fabs(bytes) >= size) return Trimmed(bytes / size) + " " + name;
  }
  return Trimmed(bytes) + " B";
}

// "<metric> <stat> regress <op> <N>%": a percentile of a latency or the mean of a gauge,
// per-second samples of which are compared with the baseline's.
std::optional<Threshold> ParseRelative(std::string_view text, std::vector<std::string> tokens,
                                       std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "threshold \"" + std::string(text) + "\": " + why;
    return std::nullopt;
  };
  if (tokens.size() == 6) {  // "10 %"
    tokens[4] += tokens[5];
    tokens.pop_back();
  }
  if (tokens.size() != 5) return fail("expected \"<metric> <stat> regress < <N>%\"");
  Threshold t;
  t.text = std::string(text);
  t.stat_name = tokens[1];
  t.relative = true;
  std::string why;
  if (auto latency = LatencyNamed(tokens[0])) {
    t.metric = *latency;
    if (!ParseLatencyStat(tokens[1], &t, &why)) return fail(why);
    if (t.stat != Stat::kPercentile) {
      return fail("a regression bound judges a latency percentile (p50, p95, p99, ...)");
    }
  } else if (auto gauge = GaugeNamed(tokens[0])) {
    t.metric = *gauge;
    if (!ParseGaugeStat(tokens[1], &t, &why)) return fail(why);
    if (t.stat != Stat::kMean) return fail("a regression bound judges a gauge's mean");
  } else if (CounterNamed(tokens[0])) {
    return fail("a regression bound judges a latency percentile or a gauge's mean, not a counter");
  } else {
    return fail("unknown metric \"" + tokens[0] + "\"");
  }
  const auto op = ParseCompare(tokens[3]);
  if (!op || (*op != Compare::kLess && *op != Compare::kLessEqual)) {
    return fail("a regression bound is written \"regress < N%\" (or <=)");
  }
  t.op = *op;
  double value = 0;
  std::string unit;
  if (!ParseNumber(tokens[4], &value, &unit)) return fail("bad value \"" + tokens[4] + "\"");
  if (unit != "%" || !(value > 0) || value > 1000) {
    return fail("a regression bound is a percentage above the baseline, e.g. 10%");
  }
  t.unit = Unit::kFraction;
  t.bound = value / 100.0;
  return t;
}

}  // namespace

std::optional<Threshold> ParseThreshold(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "threshold \"" + std::string(text) + "\": " + why;
    return std::nullopt;
  };
  std::vector<std::string> tokens = Tokens(text);
  if (tokens.size() >= 3 && tokens[2] == "regress") return ParseRelative(text, tokens, error);
  if (tokens.size() == 5) {  // "1 s": value and unit written apart
    tokens[3] += tokens[4];
    tokens.pop_back();
  }
  if (tokens.size() != 4) return fail("expected \"<metric> <stat> <op> <value>\"");

  Threshold t;
  t.text = std::string(text);
  t.stat_name = tokens[1];
  std::string why;
  bool stat_ok = false;
  if (auto latency = LatencyNamed(tokens[0])) {
    t.metric = *latency;
    stat_ok = ParseLatencyStat(tokens[1], &t, &why);
  } else if (auto counter = CounterNamed(tokens[0])) {
    t.metric = *counter;
    stat_ok = ParseCounterStat(tokens[1], &t, &why);
  } else if (auto gauge = GaugeNamed(tokens[0])) {
    t.metric = *gauge;
    stat_ok = ParseGaugeStat(tokens[1], &t, &why);
  } else {
    return fail("unknown metric \"" + tokens[0] + "\"");
  }
  if (!stat_ok) return fail(why);

  auto op = ParseCompare(tokens[2]);
  if (!op) return fail("unknown operator \"" + tokens[2] + "\" (expected < <= > >= ==)");
  t.op = *op;

  double value = 0;
  std::string unit;
  if (!ParseNumber(tokens[3], &value, &unit)) return fail("bad value \"" + tokens[3] + "\"");
  if (!ParseBound(value, unit, &t, &why)) return fail(why);
  return t;
}

namespace {

std::optional<double> ObserveGauge(const Threshold& t, const TimeSeries* series) {
  if (!series) return std::nullopt;
  const GaugeSeries& g = series->gauge(std::get<Gauge>(t.metric));
  if (g.empty()) return std::nullopt;
  switch (t.stat) {
    case Stat::kMax:
      return g.Max();
    case Stat::kMean:
      return g.Mean();
    case Stat::kMachineMean:
      return g.Mean() / series->cores;
    case Stat::kGrowth:
      return g.GrowthPerHour(series->steady_from_s);
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<double> Observe(const Threshold& t, const Recorder& recorder,
                              const TimeSeries* series) {
  if (std::holds_alternative<Gauge>(t.metric)) return ObserveGauge(t, series);
  if (const Latency* latency = std::get_if<Latency>(&t.metric)) {
    if (t.stat == Stat::kDrift) {
      return series ? series->Drift(*latency) : std::nullopt;
    }
    const Histogram& h = recorder.histogram(*latency);
    if (t.stat == Stat::kCount) return static_cast<double>(h.count());
    if (h.count() == 0) return std::nullopt;
    switch (t.stat) {
      case Stat::kPercentile:
        return static_cast<double>(h.ValueAtPercentile(t.percentile));
      case Stat::kMin:
        return static_cast<double>(h.min());
      case Stat::kMax:
        return static_cast<double>(h.max());
      case Stat::kMean:
        return h.mean();
      default:
        return std::nullopt;
    }
  }
  const Counter counter = std::get<Counter>(t.metric);
  const auto n = static_cast<double>(recorder.count(counter));
  if (t.stat == Stat::kCount) return n;
  const auto d = static_cast<double>(recorder.count(*DenominatorOf(counter)));
  if (d == 0) return std::nullopt;
  return n / d;
}

std::string FormatValue(const Threshold& t, double value) {
  switch (t.unit) {
    case Unit::kMicros:
      if (std::fabs(value) < 1e3) return Trimmed(value) + " us";
      if (std::fabs(value) < 1e6) return Trimmed(value / 1e3) + " ms";
      return Trimmed(value / 1e6) + " s";
    case Unit::kFraction:
      return Trimmed(value * 100.0) + " %";
    case Unit::kBytes:
      return FormatBytes(value);
    case Unit::kBytesPerHour:
      return FormatBytes(value) + "/h";
    case Unit::kRatio:
    case Unit::kCount:
      return Trimmed(value);
  }
  return Trimmed(value);
}

std::string SameBoundKey(const std::string& text) {
  std::string error;
  const std::optional<Threshold> t = ParseThreshold(text, &error);
  return t ? std::string(t->metric_name()) + " " + t->stat_name + (t->relative ? " regress" : "")
           : text;
}

std::vector<std::string> OverrideThresholds(const std::vector<std::string>& base,
                                            const std::vector<std::string>& overrides) {
  std::vector<std::string> merged = base;
  for (const std::string& over : overrides) {
    const std::string key = SameBoundKey(over);
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const std::string& b) { return SameBoundKey(b) == key; });
    if (same != merged.end()) {
      *same = over;
    } else {
      merged.push_back(over);
    }
  }
  return merged;
}

}  // namespace swarmgate
