#include "swarmgate/row_parameters.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "swarmgate/threshold.h"

namespace swarmgate {
namespace {

// Fields whose command-line name is not their own name less its unit.
struct Naming {
  std::string_view field, name;
};
constexpr Naming kNamings[] = {
    {"connect_ramp_s", "ramp"},
    {"thresholds", "threshold"},
    {"server_faults", "server-fault"},
    {"chat_s", "chat-duration"},
    {"message_interval_s", "msg-interval"},
    {"payload_bytes", "msg-size"},
    {"paths", "path"},
    {"call_rate_per_s", "rate"},
    {"request_rate_per_s", "rate"},
    {"return_delay_max_s", "return-within"},
    {"step_s", "step-duration"},
};
// Fields only the suite's own self-tests set, and those a command line cannot write.
constexpr std::string_view kHidden[] = {
    "generator_stall_ms", "expect_violated",    "expect_refused", "expect_inconclusive",
    "expect_percentiles", "bundled_only",       "user_types",     "expect_capacity_users",
    "bundled_address",    "max_late_send_rate",
};

bool Hidden(std::string_view field) {
  for (std::string_view h : kHidden) {
    if (h == field) return true;
  }
  return false;
}

std::string NameOfField(std::string_view field) {
  for (const Naming& n : kNamings) {
    if (n.field == field) return std::string(n.name);
  }
  std::string name(field);
  for (std::string_view suffix : {"_per_s", "_ms", "_s"}) {
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  return name;
}

std::string Trimmed(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string DurationText(double seconds) {
  if (seconds == 0) return "0s";
  if (seconds >= 3600 && std::fmod(seconds, 3600) == 0) return Trimmed(seconds / 3600) + "h";
  if (seconds >= 60 && std::fmod(seconds, 60) == 0) return Trimmed(seconds / 60) + "m";
  if (seconds < 1) return Trimmed(seconds * 1e3) + "ms";
  return Trimmed(seconds) + "s";
}

// A finite decimal number taking the whole of `text` up to `rest`, where the unit starts.
std::optional<double> LeadingNumber(std::string_view text, std::string_view* rest) {
  const std::string copy(text);
  if (copy.empty() || !(std::isdigit(static_cast<unsigned char>(copy[0])) || copy[0] == '.')) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str() || !std::isfinite(value)) return std::nullopt;
  *rest = text.substr(static_cast<std::size_t>(end - copy.c_str()));
  return value;
}

std::optional<int> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<double> ParseShare(std::string_view text) {
  std::string_view rest;
  std::optional<double> value = LeadingNumber(text, &rest);
  if (!value) return std::nullopt;
  if (rest == "%") return *value / 100;
  if (!rest.empty()) return std::nullopt;
  return value;
}

std::optional<double> ParseRate(std::string_view text) {
  std::string_view rest;
  std::optional<double> value = LeadingNumber(text, &rest);
  if (!value) return std::nullopt;
  if (rest.empty() || rest == "/s") return value;
  if (rest == "/m") return *value / 60;
  if (rest == "/h") return *value / 3600;
  return std::nullopt;
}

std::string Quoted(std::string_view value) { return "\"" + std::string(value) + "\""; }

// The form a field's value takes, from its unit and its type.
template <typename Value>
std::string FormOf(std::string_view unit) {
  if constexpr (std::is_same_v<Value, double>) {
    if (unit == "s" || unit == "ms") return "duration";
    if (unit == "share") return "share";
    if (unit == "per_s") return "rate";
    return "number";
  } else if constexpr (std::is_same_v<Value, int>) {
    return std::string(unit);
  } else if constexpr (std::is_same_v<Value, bool>) {
    return "true|false";
  } else {
    return "text";
  }
}

// A number of the given form into *out (a duration in the field's unit, s or ms); "" when it
// took, else why not.
std::string ParseNumber(const std::string& form, std::string_view unit, std::string_view value,
                        double* out) {
  std::string_view rest;
  std::optional<double> v;
  if (form == "duration") {
    v = ParseDurationSeconds(value);
    if (!v) return Quoted(value) + " is not a duration: give it a unit, ms, s, m or h (30s)";
    *out = unit == "ms" ? *v * 1e3 : *v;
    return "";
  }
  if (form == "share") {
    v = ParseShare(value);
    if (!v) return Quoted(value) + " is not a share: a number (0.7) or a percentage (70%)";
  } else if (form == "rate") {
    v = ParseRate(value);
    if (!v) return Quoted(value) + " is not a rate: a number per second (500/s, 30/m)";
  } else {
    v = LeadingNumber(value, &rest);
    if (!v || !rest.empty()) return Quoted(value) + " is not a number";
  }
  *out = *v;
  return "";
}

}  // namespace

std::optional<double> ParseDurationSeconds(std::string_view text) {
  std::string_view unit;
  std::optional<double> value = LeadingNumber(text, &unit);
  if (!value || *value < 0) return std::nullopt;
  if (unit == "ms") return *value / 1e3;
  if (unit == "s") return *value;
  if (unit == "m") return *value * 60;
  if (unit == "h") return *value * 3600;
  return std::nullopt;
}

RowBuilder::RowBuilder(const Family& family, std::string row_name)
    : family_(family), row_(family.default_row(std::move(row_name))) {
  family_thresholds_ = row_.thresholds;
  row_.thresholds.clear();
}

std::vector<ParameterInfo> RowBuilder::Parameters() const {
  std::vector<ParameterInfo> out;
  const bool pairs = MatchPartOf(row_.params) != nullptr;
  const bool soak = family_.name == "soak";
  bool has_rate = false;
  row_.ForEachParameter(
      [&](std::string_view field, const auto& value, std::string_view unit, std::string_view help) {
        using Value = std::decay_t<decltype(value)>;
        if (Hidden(field) || (soak && field == "rematch_for_s")) return;
        ParameterInfo p{NameOfField(field), FormOf<Value>(unit), std::string(help), "", false};
        if constexpr (std::is_same_v<Value, double>) {
          p.default_value = p.unit == "duration" ? DurationText(unit == "ms" ? value / 1e3 : value)
                            : p.unit == "rate"   ? Trimmed(value) + "/s"
                                                 : Trimmed(value);
        } else if constexpr (std::is_same_v<Value, int>) {
          p.default_value = std::to_string(value);
        } else if constexpr (std::is_same_v<Value, std::string>) {
          p.default_value = value;
        } else if constexpr (std::is_same_v<Value, bool>) {
          p.default_value = value ? "true" : "false";
        } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
          p.repeatable = true;
          for (const std::string& v : value)
            p.default_value += (p.default_value.empty() ? "" : ",") + v;
        }
        has_rate = has_rate || p.name == "rate";
        out.push_back(std::move(p));
        if (field == "users") {
          out.back().help += pairs ? " (two per pair)" : "";
          if (pairs) {
            out.push_back({"pairs", "pairs", "pairs of users (sets users to twice this)",
                           std::to_string(row_.users / 2), false});
          } else {
            out.push_back({"connections", "users", "the same as users", "", false});
          }
        }
      });
  if (!has_rate) {
    out.push_back(
        {"rate", "rate", "users arriving per second (sets the ramp to users / rate)", "", false});
  }
  if (soak) {
    out.push_back({"duration", "duration", "how long chats keep ending and re-matching",
                   DurationText(MatchPartOf(row_.params)->rematch_for_s), false});
  }
  return out;
}

std::string RowBuilder::Set(std::string_view name, std::string_view value) {
  if (name == "pairs" && MatchPartOf(row_.params)) {
    std::optional<int> pairs = ParseCount(value);
    if (!pairs) return Quoted(value) + " is not a whole number of pairs";
    row_.users = 2 * *pairs;
    return "";
  }
  if (name == "connections" && !MatchPartOf(row_.params)) name = "users";
  if (name == "duration" && family_.name == "soak") {
    std::optional<double> s = ParseDurationSeconds(value);
    if (!s) return Quoted(value) + " is not a duration: give it a unit, ms, s, m or h (30m)";
    soak_duration_s_ = *s;
    return "";
  }
  std::string why = "is not a parameter of the " + std::string(family_.name) + " family";
  bool found = false;
  row_.ForEachParameter(
      [&](std::string_view field, auto& shown, std::string_view unit, std::string_view) {
        if (found || Hidden(field) || NameOfField(field) != name) return;
        if (family_.name == "soak" && field == "rematch_for_s") return;
        found = true;
        auto& target = shown;
        using Value = std::decay_t<decltype(shown)>;
        why.clear();
        if constexpr (std::is_same_v<Value, double>) {
          double parsed = 0;
          why = ParseNumber(FormOf<Value>(unit), unit, value, &parsed);
          if (why.empty()) {
            target = parsed;
            if (field == "window_s") window_given_ = true;
          }
        } else if constexpr (std::is_same_v<Value, int>) {
          std::optional<int> v = ParseCount(value);
          if (v) {
            target = *v;
          } else {
            why = Quoted(value) + " is not a whole number of " + std::string(unit);
          }
        } else if constexpr (std::is_same_v<Value, std::string>) {
          target = std::string(value);
        } else if constexpr (std::is_same_v<Value, bool>) {
          if (value == "true" || value == "yes" || value == "on") {
            target = true;
          } else if (value == "false" || value == "no" || value == "off") {
            target = false;
          } else {
            why = Quoted(value) + " is not true or false";
          }
        } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
          if (value.empty()) {
            why = "needs a value";
          } else if (field == "thresholds") {
            given_thresholds_.emplace_back(value);
          } else {
            if (!repeated_.count(std::string(field))) target.clear();  // the given replace defaults
            repeated_.insert(std::string(field));
            if (field == "interests") {  // the field's habit: --interests music,games
              std::size_t from = 0;
              for (std::size_t comma; (comma = value.find(',', from)) != std::string_view::npos;
                   from = comma + 1) {
                target.emplace_back(value.substr(from, comma - from));
              }
              target.emplace_back(value.substr(from));
            } else {
              target.emplace_back(value);
            }
          }
        } else {
          why = "cannot be set here";
        }
      });
  if (!found && name == "rate") {
    std::optional<double> v = ParseRate(value);
    if (!v || *v <= 0) return Quoted(value) + " is not a rate: a number per second (500/s, 30/m)";
    arrival_rate_per_s_ = *v;
    return "";
  }
  if (found && name == "ramp") ramp_given_ = true;
  return why;
}

LoadSpec RowBuilder::Build(std::vector<std::string>* problems) const {
  LoadSpec row = row_;
  if (arrival_rate_per_s_ > 0) {
    if (ramp_given_) {
      problems->push_back("row " + row.name + ": give --rate or --ramp, not both");
    }
    row.connect_ramp_s = row.users / arrival_rate_per_s_;
  }
  if (soak_duration_s_ > 0) {
    MatchPartOf(row.params)->rematch_for_s = soak_duration_s_;
    if (!window_given_) row.window_s = std::max(1.0, std::floor(soak_duration_s_ / 6));
  }
  row.thresholds = OverrideThresholds(family_thresholds_, given_thresholds_);
  for (std::string& problem : row.Validate()) problems->push_back(std::move(problem));
  return row;
}

}  // namespace swarmgate
