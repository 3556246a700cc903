// The one table every benchmark prints: figure, value, goal, pass/miss, and the ratio to a
// reference measured in the same run on the same machine (the machines are small and noisy:
// the ratio says more than the absolute value). Also written as JSON for comparing commits.
#pragma once

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace encaisse::bench {

struct Figure {
  std::string name;
  double value = 0;
  std::string unit;
  double goal = 0;  // an upper bound, or a lower bound when higher_is_better
  bool higher_is_better = false;
  double reference = 0;  // same-run reference in the same unit, 0 when none
  std::string reference_name;
};

// The best of `repeat` runs, in seconds.
inline double Seconds(const std::function<void()>& fn, int repeat = 1) {
  double best = 1e99;
  for (int i = 0; i < repeat; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

// Prints the table, writes `json_path`; true when every figure meets its goal.
inline bool PrintTable(const std::vector<Figure>& figures, const std::string& json_path) {
  std::printf("\n%-56s %12s %12s %6s %8s  %s\n", "figure", "value", "goal", "", "ratio", "reference");
  nlohmann::json items = nlohmann::json::array();
  bool all = true;
  for (size_t i = 0; i < figures.size(); ++i) {
    const Figure& f = figures[i];
    const bool pass = f.higher_is_better ? f.value >= f.goal : f.value <= f.goal;
    all &= pass;
    char ratio[32] = "";
    char reference[160] = "";
    if (f.reference > 0) {
      std::snprintf(ratio, sizeof ratio, "%.2fx", f.value / f.reference);
      std::snprintf(reference, sizeof reference, "%s %.4g %s", f.reference_name.c_str(), f.reference, f.unit.c_str());
    }
    std::printf("%-56s %10.4g %-5s %6.4g %-5s %4s %8s  %s\n", f.name.c_str(), f.value, f.unit.c_str(), f.goal,
                f.unit.c_str(), pass ? "pass" : "MISS", ratio, reference);
    items.push_back({{"figure", f.name}, {"value", f.value}, {"unit", f.unit}, {"goal", f.goal}, {"pass", pass},
                     {"higher_is_better", f.higher_is_better}, {"reference", f.reference},
                     {"reference_name", f.reference_name}});
  }
  std::ofstream(json_path) << nlohmann::json{{"figures", items}}.dump(1) << "\n";
  return all;
}

}  // namespace encaisse::bench
