#pragma once
// Charts as SVG written here, so that a report is one file that needs no network and no
// script library to be read: line charts over time or over runs, with points, dashed
// markers and a legend. Values are drawn as given; the axes start at zero unless told not to.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace swarmgate {

struct ChartSeries {
  ChartSeries(std::string name_, std::vector<double> x_, std::vector<double> y_, std::string color_,
              bool dots_ = false)
      : name(std::move(name_)),
        x(std::move(x_)),
        y(std::move(y_)),
        color(std::move(color_)),
        dots(dots_) {}
  std::string name;
  std::vector<double> x, y;
  std::string color;                  // a CSS color
  bool dots = false;                  // a dot at each value (few values: runs)
  std::vector<std::string> dot_tips;  // with dots: each dot's tooltip
  std::vector<bool> hollow;           // with dots: drawn hollow (not in the baseline, say)
};

struct ChartMarker {
  double x = 0;
  std::string label;
  std::string color = "#b00";
};

struct Chart {
  std::string title, x_label, y_label;
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
  std::function<std::string(double)> x_format, y_format;  // tick labels; default %g
  bool y_from_zero = true;
  double y_unit = 1;  // y ticks fall on round multiples of this (1 MiB for memory, say)
  // x drawn as -log10(1 - x / 100): a percentile spectrum (x in percent, up to 99.999).
  bool x_nines = false;
};

// <svg class="chart" ...>...</svg>; a chart with no values says so in its place.
std::string RenderSvg(const Chart& chart);

}  // namespace swarmgate
