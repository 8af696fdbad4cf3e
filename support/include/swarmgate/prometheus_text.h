#pragma once
// Reading one sample out of the Prometheus text exposition format.

#include <optional>
#include <string_view>

namespace swarmgate {

// The value of the first sample of metric `name` (with or without labels) in `text`;
// nullopt when the metric is absent or its value is not a number.
std::optional<double> PrometheusValue(std::string_view text, std::string_view name);

}  // namespace swarmgate
