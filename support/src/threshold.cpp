#include "swarmgate/threshold.h"

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

bool Threshold::is_latency_value() const {
  return std::holds_alternative<Latency>(metric) && stat != Stat::kCount;
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

std::optional<Threshold> ParseThreshold(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "threshold \"" + std::string(text) + "\": " + why;
    return std::nullopt;
  };
  std::vector<std::string> tokens = Tokens(text);
  if (tokens.size() == 5) {  // "1 s": value and unit written apart
    tokens[3] += tokens[4];
    tokens.pop_back();
  }
  if (tokens.size() != 4) return fail("expected \"<metric> <stat> <op> <value>\"");

  Threshold t;
  t.text = std::string(text);
  if (auto latency = LatencyNamed(tokens[0])) {
    t.metric = *latency;
  } else if (auto counter = CounterNamed(tokens[0])) {
    t.metric = *counter;
  } else {
    return fail("unknown metric \"" + tokens[0] + "\"");
  }
  const bool latency = std::holds_alternative<Latency>(t.metric);

  const std::string& stat = tokens[1];
  t.stat_name = stat;
  if (stat == "count") {
    t.stat = Stat::kCount;
  } else if (stat == "rate") {
    if (latency || !DenominatorOf(std::get<Counter>(t.metric))) {
      return fail("\"" + tokens[0] + "\" has no rate (use count)");
    }
    t.stat = Stat::kRate;
  } else if (!latency) {
    return fail("a counter takes count or rate, not \"" + stat + "\"");
  } else if (stat == "min") {
    t.stat = Stat::kMin;
  } else if (stat == "max") {
    t.stat = Stat::kMax;
  } else if (stat == "mean") {
    t.stat = Stat::kMean;
  } else if (stat.size() > 1 && stat[0] == 'p') {
    std::string rest;
    if (!ParseNumber(stat.substr(1), &t.percentile, &rest) || !rest.empty() || t.percentile <= 0 ||
        t.percentile > 100) {
      return fail("bad percentile \"" + stat + "\" (expected p50, p95, p99.9, ...)");
    }
    t.stat = Stat::kPercentile;
  } else {
    return fail("unknown stat \"" + stat + "\" (expected p<N>, min, max, mean, count, rate)");
  }

  auto op = ParseCompare(tokens[2]);
  if (!op) return fail("unknown operator \"" + tokens[2] + "\" (expected < <= > >= ==)");
  t.op = *op;

  double value = 0;
  std::string unit;
  if (!ParseNumber(tokens[3], &value, &unit)) return fail("bad value \"" + tokens[3] + "\"");
  if (t.is_latency_value()) {
    if (unit == "us") {
      t.bound = value;
    } else if (unit == "ms") {
      t.bound = value * 1e3;
    } else if (unit == "s") {
      t.bound = value * 1e6;
    } else {
      return fail("a latency bound needs a unit: us, ms or s");
    }
  } else if (t.stat == Stat::kRate) {
    if (unit != "%") return fail("a rate bound is a percentage, e.g. 1%");
    if (value < 0 || value > 100) return fail("a rate must lie in 0%..100%");
    t.bound = value / 100.0;
  } else {
    if (!unit.empty()) return fail("a count bound takes no unit");
    t.bound = value;
  }
  return t;
}

std::optional<double> Observe(const Threshold& t, const Recorder& recorder) {
  if (const Latency* latency = std::get_if<Latency>(&t.metric)) {
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
  if (t.is_latency_value()) {
    if (std::fabs(value) < 1e3) return Trimmed(value) + " us";
    if (std::fabs(value) < 1e6) return Trimmed(value / 1e3) + " ms";
    return Trimmed(value / 1e6) + " s";
  }
  if (t.stat == Stat::kRate) return Trimmed(value * 100.0) + " %";
  return Trimmed(value);
}

}  // namespace swarmgate
