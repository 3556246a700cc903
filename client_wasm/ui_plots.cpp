#include "client_wasm/ui_plots.h"

#include <algorithm>
#include <cmath>

#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"

namespace encaisse::client {

namespace {

constexpr float kAxisWidth = 96;   // room for the y labels
constexpr float kLabelHeight = 26; // room for the x labels
constexpr int kGridLines = 4;

// The smallest 1, 2 or 5 × 10^n step that gives at most kGridLines steps up to `max`.
double NiceStep(double max) {
  if (max <= 0) return 1;
  const double raw = max / kGridLines;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

struct Frame {
  ImDrawList* draw;
  ImVec2 min, max;  // the plotting area, axes excluded
  double top;       // the value at the top
  float Y(double v) const { return max.y - static_cast<float>(v / top) * (max.y - min.y); }
  float SlotWidth(size_t n) const { return (max.x - min.x) / static_cast<float>(std::max<size_t>(n, 1)); }
  float SlotCenter(size_t i, size_t n) const { return min.x + SlotWidth(n) * (static_cast<float>(i) + 0.5f); }
};

// Reserves the item, draws the grid and the x labels; returns the plotting frame.
Frame Begin(const char* test_name, const std::vector<std::string>& labels, double max_value, float height,
            const PlotFormat& format) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(width, height));
  MarkWidget(test_name);
  Frame f{ImGui::GetWindowDrawList(), ImVec2(origin.x + kAxisWidth, origin.y + 8),
          ImVec2(origin.x + width - 8, origin.y + height - kLabelHeight), 1};
  const double step = NiceStep(max_value);
  f.top = step * std::max(1.0, std::ceil(max_value / step));
  const ImU32 grid = IM_COL32(0, 0, 0, 28);
  for (double v = 0; v <= f.top + step / 2; v += step) {
    const float y = f.Y(v);
    f.draw->AddLine(ImVec2(f.min.x, y), ImVec2(f.max.x, y), grid);
    const std::string text = format(v);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    f.draw->AddText(ImVec2(f.min.x - 8 - size.x, y - size.y / 2), colors::kMuted, text.c_str());
  }
  // As many x labels as fit without touching: every k-th.
  float widest = 0;
  for (const auto& l : labels) widest = std::max(widest, ImGui::CalcTextSize(l.c_str()).x);
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((widest + 12) / f.SlotWidth(labels.size()))));
  for (size_t i = 0; i < labels.size(); i += every) {
    const ImVec2 size = ImGui::CalcTextSize(labels[i].c_str());
    f.draw->AddText(ImVec2(f.SlotCenter(i, labels.size()) - size.x / 2, f.max.y + 4), colors::kMuted, labels[i].c_str());
  }
  return f;
}

// The values of the slot under the pointer, in a tooltip.
void Hover(const Frame& f, const std::vector<std::string>& labels, const std::vector<const PlotSeries*>& series,
           const PlotFormat& format) {
  if (!ImGui::IsItemHovered() || labels.empty()) return;
  const float x = ImGui::GetIO().MousePos.x;
  if (x < f.min.x || x > f.max.x) return;
  const size_t i = std::min(labels.size() - 1, static_cast<size_t>((x - f.min.x) / f.SlotWidth(labels.size())));
  f.draw->AddRectFilled(ImVec2(f.SlotCenter(i, labels.size()) - f.SlotWidth(labels.size()) / 2, f.min.y),
                        ImVec2(f.SlotCenter(i, labels.size()) + f.SlotWidth(labels.size()) / 2, f.max.y), IM_COL32(29, 78, 137, 20));
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(labels[i].c_str());
  for (const PlotSeries* s : series)
    if (i < s->values.size()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s->color), "%s : %s", s->name.c_str(), format(s->values[i]).c_str());
  ImGui::EndTooltip();
}

void Legend(const std::vector<const PlotSeries*>& series) {
  for (const PlotSeries* s : series) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h * 0.6f, p.y + h * 0.8f), s->color, 2);
    ImGui::Dummy(ImVec2(h * 0.8f, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(s->name.c_str());
    ImGui::SameLine(0, 24);
  }
  ImGui::NewLine();
}

}  // namespace

void BarPlot(const char* test_name, const std::vector<std::string>& labels, const std::vector<PlotSeries>& series, bool stacked,
             float height, const PlotFormat& format) {
  double max_value = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    double sum = 0;
    for (const auto& s : series) {
      const double v = i < s.values.size() ? std::max(0.0, s.values[i]) : 0;
      sum = stacked ? sum + v : std::max(sum, v);
    }
    max_value = std::max(max_value, sum);
  }
  const Frame f = Begin(test_name, labels, max_value, height, format);
  const float slot = f.SlotWidth(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    const float center = f.SlotCenter(i, labels.size());
    double base = 0;
    for (size_t k = 0; k < series.size(); ++k) {
      const double v = i < series[k].values.size() ? std::max(0.0, series[k].values[i]) : 0;
      if (stacked) {
        const float half = slot * 0.35f;
        f.draw->AddRectFilled(ImVec2(center - half, f.Y(base + v)), ImVec2(center + half, f.Y(base)), series[k].color);
        base += v;
      } else {
        const float each = slot * 0.8f / static_cast<float>(series.size());
        const float left = center - slot * 0.4f + each * static_cast<float>(k);
        f.draw->AddRectFilled(ImVec2(left + 1, f.Y(v)), ImVec2(left + each - 1, f.Y(0)), series[k].color);
      }
    }
  }
  std::vector<const PlotSeries*> all;
  for (const auto& s : series) all.push_back(&s);
  Hover(f, labels, all, format);
  Legend(all);
}

void LinePlot(const char* test_name, const std::vector<std::string>& labels, const PlotSeries& series, float height,
              const PlotFormat& format) {
  double max_value = 0;
  for (double v : series.values) max_value = std::max(max_value, v);
  const Frame f = Begin(test_name, labels, max_value, height, format);
  std::vector<ImVec2> points;
  for (size_t i = 0; i < series.values.size() && i < labels.size(); ++i)
    points.emplace_back(f.SlotCenter(i, labels.size()), f.Y(std::max(0.0, series.values[i])));
  if (points.size() > 1) f.draw->AddPolyline(points.data(), static_cast<int>(points.size()), series.color, 0, 3.0f);
  for (size_t i = 0; i < points.size(); ++i) {
    f.draw->AddCircleFilled(points[i], 5, series.color);
    const std::string text = format(series.values[i]);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    f.draw->AddText(ImVec2(points[i].x - size.x / 2, points[i].y - size.y - 6), colors::kMuted, text.c_str());
  }
  Hover(f, labels, {&series}, format);
}

}  // namespace encaisse::client
