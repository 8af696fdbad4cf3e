#include "svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "markup_text.h"

namespace swarmgate {
namespace {

constexpr double kWidth = 760, kHeight = 260;
constexpr double kLeft = 70, kRight = 16, kTop = 28, kBottom = 46;

std::string Num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

std::string DefaultFormat(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

// Ticks at 1, 2 or 5 times a power of ten, about `target` of them over [lo, hi].
std::vector<double> NiceTicks(double lo, double hi, int target) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / target;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

double Nines(double percentile) {
  return -std::log10(std::max(1e-6, 1.0 - std::min(percentile, 99.9999) / 100.0));
}

}  // namespace

std::string RenderSvg(const Chart& chart) {
  const auto fx = chart.x_format ? chart.x_format : DefaultFormat;
  const auto fy = chart.y_format ? chart.y_format : DefaultFormat;
  const auto to_x = [&chart](double x) { return chart.x_nines ? Nines(x) : x; };
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  for (const ChartSeries& s : chart.series) {
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      x_lo = std::min(x_lo, to_x(s.x[i]));
      x_hi = std::max(x_hi, to_x(s.x[i]));
      y_lo = std::min(y_lo, s.y[i]);
      y_hi = std::max(y_hi, s.y[i]);
    }
  }
  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    Num(kWidth) + " " + Num(kHeight) + "\" role=\"img\" aria-label=\"" +
                    MarkupText(chart.title) + "\">\n";
  svg += "<text class=\"title\" x=\"" + Num(kLeft) + "\" y=\"18\">" + MarkupText(chart.title) +
         "</text>\n";
  if (!std::isfinite(x_lo)) {
    return svg + "<text class=\"empty\" x=\"" + Num(kWidth / 2) + "\" y=\"" + Num(kHeight / 2) +
           "\" text-anchor=\"middle\">no values in this run</text>\n</svg>\n";
  }
  for (const ChartMarker& m : chart.markers) {
    x_lo = std::min(x_lo, to_x(m.x));
    x_hi = std::max(x_hi, to_x(m.x));
  }
  if (chart.y_from_zero) y_lo = std::min(0.0, y_lo);
  if (y_hi <= y_lo) y_hi = y_lo + (y_lo == 0 ? 1 : std::fabs(y_lo) * 0.1);
  if (x_hi <= x_lo) {
    x_lo -= 0.5;
    x_hi += 0.5;
  }
  std::vector<double> y_ticks = NiceTicks(y_lo / chart.y_unit, y_hi / chart.y_unit, 5);
  for (double& t : y_ticks) t *= chart.y_unit;
  y_hi = std::max(y_hi, y_ticks.back());
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const auto px = [&](double x) { return kLeft + (to_x(x) - x_lo) / (x_hi - x_lo) * plot_w; };
  const auto py = [&](double y) { return kTop + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h; };
  const auto px_raw = [&](double t) { return kLeft + (t - x_lo) / (x_hi - x_lo) * plot_w; };
  // Axes, grid and ticks.
  for (double t : y_ticks) {
    svg += "<line class=\"grid\" x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) +
           "\" y1=\"" + Num(py(t)) + "\" y2=\"" + Num(py(t)) + "\"/>";
    svg += "<text class=\"tick\" x=\"" + Num(kLeft - 6) + "\" y=\"" + Num(py(t) + 4) +
           "\" text-anchor=\"end\">" + MarkupText(fy(t)) + "</text>\n";
  }
  if (chart.x_nines) {
    for (double p : {0.0, 50.0, 90.0, 99.0, 99.9, 99.99, 99.999}) {
      if (Nines(p) > x_hi + 1e-9) break;
      svg += "<text class=\"tick\" x=\"" + Num(px_raw(Nines(p))) + "\" y=\"" +
             Num(kTop + plot_h + 16) + "\" text-anchor=\"middle\">" + MarkupText(fx(p)) + "</text>";
    }
  } else {
    for (double t : NiceTicks(x_lo, x_hi, 8)) {
      svg += "<text class=\"tick\" x=\"" + Num(px_raw(t)) + "\" y=\"" + Num(kTop + plot_h + 16) +
             "\" text-anchor=\"middle\">" + MarkupText(fx(t)) + "</text>";
    }
  }
  svg += "\n<line class=\"axis\" x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kLeft) + "\" y1=\"" +
         Num(kTop) + "\" y2=\"" + Num(kTop + plot_h) + "\"/><line class=\"axis\" x1=\"" +
         Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) + "\" y1=\"" + Num(kTop + plot_h) +
         "\" y2=\"" + Num(kTop + plot_h) + "\"/>\n";
  svg += "<text class=\"label\" x=\"" + Num(kLeft + plot_w / 2) + "\" y=\"" + Num(kHeight - 8) +
         "\" text-anchor=\"middle\">" + MarkupText(chart.x_label) + "</text>";
  svg += "<text class=\"label\" transform=\"translate(14 " + Num(kTop + plot_h / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + MarkupText(chart.y_label) + "</text>\n";
  for (const ChartMarker& m : chart.markers) {
    svg += "<line class=\"marker\" stroke=\"" + m.color + "\" x1=\"" + Num(px(m.x)) + "\" x2=\"" +
           Num(px(m.x)) + "\" y1=\"" + Num(kTop) + "\" y2=\"" + Num(kTop + plot_h) + "\"><title>" +
           MarkupText(m.label) + "</title></line>";
    svg += "<text class=\"marker-label\" fill=\"" + m.color + "\" x=\"" + Num(px(m.x) + 3) +
           "\" y=\"" + Num(kTop + 10) + "\">" + MarkupText(m.label) + "</text>\n";
  }
  // The series, and a legend above the plot.
  double legend_x = kWidth - kRight;
  for (auto s = chart.series.rbegin(); s != chart.series.rend(); ++s) {
    legend_x -= 14 + 7.0 * static_cast<double>(s->name.size());
    svg += "<rect x=\"" + Num(legend_x) + "\" y=\"9\" width=\"10\" height=\"10\" fill=\"" +
           s->color + "\"/><text class=\"legend\" x=\"" + Num(legend_x + 13) + "\" y=\"18\">" +
           MarkupText(s->name) + "</text>";
  }
  svg += "\n";
  for (const ChartSeries& s : chart.series) {
    std::string points;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      points += Num(px(s.x[i])) + "," + Num(py(s.y[i])) + " ";
    }
    if (!points.empty()) points.pop_back();
    svg += "<polyline class=\"series\" stroke=\"" + s.color + "\" points=\"" + points + "\"/>\n";
    // One value makes no line: it is drawn as a dot.
    const bool one_value = !points.empty() && points.find(' ') == std::string::npos;
    if (one_value && !s.dots) {
      const std::size_t comma = points.find(',');
      svg += "<circle cx=\"" + points.substr(0, comma) + "\" cy=\"" + points.substr(comma + 1) +
             "\" r=\"3\" fill=\"" + s.color + "\"/>\n";
    }
    if (!s.dots) continue;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      const bool hollow = i < s.hollow.size() && s.hollow[i];
      svg += "<circle cx=\"" + Num(px(s.x[i])) + "\" cy=\"" + Num(py(s.y[i])) +
             "\" r=\"4\" stroke=\"" + s.color + "\" fill=\"" + (hollow ? "#fff" : s.color) + "\">";
      if (i < s.dot_tips.size()) svg += "<title>" + MarkupText(s.dot_tips[i]) + "</title>";
      svg += "</circle>";
    }
    svg += "\n";
  }
  return svg + "</svg>\n";
}

}  // namespace swarmgate
