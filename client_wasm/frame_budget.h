// Work spread over frames (the dashboard's scan, the worklist's): a few milliseconds before each
// frame, so that 100 000 invoices never freeze one.
#pragma once

#include <algorithm>
#include <cstdint>

#include "client_wasm/browser.h"
#include "shared/core/result.h"

namespace encaisse::client {

// A scan's time in all, its longest step and the frames it was spread over (tests, bench).
struct ScanTiming {
  double ms = 0, step_max_ms = 0;
  int64_t frames = 0;
  void Add(double step_ms) {
    ms += step_ms;
    step_max_ms = std::max(step_max_ms, step_ms);
    ++frames;
  }
};

// Steps `scan` (Step(n) -> Result<bool>, true once done) by `n` for a few milliseconds: with the
// frame's own 2, the app keeps its frame rate. Tests set `test_step` to make it one step of that
// many a frame, so that a small portfolio too is spread over frames.
template <typename Scan>
Result<bool> StepForAFrame(Scan& scan, int64_t n, int64_t test_step) {
  constexpr double kBudgetMs = 6;
  const double t0 = NowMs();
  Result<bool> done = false;
  do {
    done = scan.Step(test_step > 0 ? test_step : n);
  } while (test_step == 0 && done.ok() && !*done && NowMs() - t0 < kBudgetMs);
  return done;
}

}  // namespace encaisse::client
