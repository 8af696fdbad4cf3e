#pragma once
// A row's parameters by the names the command line and plan files give them, in the field's
// habits: `--pairs 100 --ramp 30s --chat-duration 30s --msg-interval 2s --msg-size 128` on
// the command line, {"pairs": 100, "ramp": "30s", ...} in a plan. Every name, unit and help
// line comes from the row's own field list (LoadSpec::ForEachParameter), so a parameter added
// there is a flag and a plan key at once.
// Values: durations need a unit (ms, s, m, h): "500ms", "30s", "2m", "1h"; counts are whole
// numbers; shares are "0.7" or "70%"; rates are "500/s", "30/m" or a number per second.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "swarmgate/families.h"
#include "swarmgate/load_spec.h"

namespace swarmgate {

struct ParameterInfo {
  std::string name;           // "chat-duration"
  std::string unit;           // the form its value takes: "duration", "count", "share", ...
  std::string help;           // one line
  std::string default_value;  // as it would be typed, "" when it has none
  bool repeatable = false;    // each use adds a value (thresholds, paths, faults)
};

// Builds one row of a family from named parameters, then checks it whole.
class RowBuilder {
 public:
  RowBuilder(const Family& family, std::string row_name);

  // Every parameter the family's rows take, in the order --help lists them.
  std::vector<ParameterInfo> Parameters() const;

  // Sets one parameter from its text; "" when it took, else why not, naming the value
  // (`"30" is not a duration: give it a unit, ms, s, m or h (30s)`). A repeatable one adds.
  std::string Set(std::string_view name, std::string_view value);

  // The row, once every parameter is set: --rate (arrivals) and --duration (soak) turned
  // into the ramp and the re-matching time, thresholds given merged over the family's (a
  // threshold on the same metric and statistic replaces the family's). *problems gets every
  // problem with the row, one line each.
  LoadSpec Build(std::vector<std::string>* problems) const;

 private:
  const Family& family_;
  LoadSpec row_;
  std::vector<std::string> family_thresholds_;
  std::vector<std::string> given_thresholds_;
  double arrival_rate_per_s_ = 0;  // --rate on a flow with no rate of its own
  double soak_duration_s_ = 0;     // --duration of a soak
  bool ramp_given_ = false;
  bool window_given_ = false;
  std::set<std::string> repeated_;  // list fields given at least once (they replace defaults)
};

// A duration: a finite number >= 0 and a unit, ms, s, m or h; nullopt otherwise.
std::optional<double> ParseDurationSeconds(std::string_view text);

}  // namespace swarmgate
