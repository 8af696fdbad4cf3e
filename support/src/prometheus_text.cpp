#include "swarmgate/prometheus_text.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace swarmgate {

std::optional<double> PrometheusValue(std::string_view text, std::string_view name) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.substr(0, name.size()) != name || line.size() == name.size()) continue;
    std::string_view rest = line.substr(name.size());
    if (rest[0] == '{') {
      // Label values are quoted and may hold spaces or braces: skip to the closing brace
      // that is outside quotes.
      bool quoted = false;
      std::size_t i = 1;
      for (; i < rest.size(); ++i) {
        if (quoted && rest[i] == '\\') {
          ++i;
        } else if (rest[i] == '"') {
          quoted = !quoted;
        } else if (!quoted && rest[i] == '}') {
          break;
        }
      }
      if (i >= rest.size()) return std::nullopt;
      rest = rest.substr(i + 1);
    }
    if (rest.empty() || (rest[0] != ' ' && rest[0] != '\t')) continue;  // a longer name
    const std::string value(rest);
    char* parsed_end = nullptr;
    const double v = std::strtod(value.c_str(), &parsed_end);
    if (parsed_end == value.c_str() || std::isnan(v)) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

}  // namespace swarmgate
