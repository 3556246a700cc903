// Plots drawn with ImGui's draw lists (ImPlot is not packaged, and a report needs only bars and
// a line): a y axis with round steps, labels under the bars that never overlap, the values of
// the slot under the finger or the mouse, a legend. Each plot is one item, named for the tests.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

namespace encaisse::client {

struct PlotSeries {
  std::string name;
  ImU32 color;
  std::vector<double> values;  // one per label
};

using PlotFormat = std::function<std::string(double)>;

// Bars per label: the series stacked, or side by side.
void BarPlot(const char* test_name, const std::vector<std::string>& labels, const std::vector<PlotSeries>& series, bool stacked,
             float height, const PlotFormat& format);
// One line through the values, each point labelled.
void LinePlot(const char* test_name, const std::vector<std::string>& labels, const PlotSeries& series, float height,
              const PlotFormat& format);

}  // namespace encaisse::client
