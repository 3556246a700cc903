#include "client_wasm/test_hooks.h"

#include <emscripten.h>

#include <map>

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include "client_wasm/browser.h"

namespace encaisse::client {
namespace {

struct Rect {
  float x, y, w, h;
};
bool on = false;
std::map<std::string, Rect> current, last;
std::string state = "{}";
std::string widgets_text = "{}";

#if ENCAISSE_TEST_HOOKS
// With ?hold_replica=1, the replica waits for releaseReplica(): a test sees what a start shows
// before it, and what a save asked for then does (browser.cpp, js_persist). Names the tests use
// are quoted: closure compiler renames dotted ones.
EM_JS(void, js_install_hooks, (), {
  const hooks = {
    "widgets": () => JSON.parse(UTF8ToString(_encaisse_test_widgets())),
    "state": () => JSON.parse(UTF8ToString(_encaisse_test_state())),
    "persist": () => _encaisse_test_persist(),
  };
  window["encaisseTest"] = hooks;
  const read = Module["replicaPrefetch"];
  if (read && new URLSearchParams(location.search).get("hold_replica") === "1")
    Module["replicaPrefetch"] = new Promise((resolve) => { hooks["releaseReplica"] = () => resolve(read); });
});
#endif

}  // namespace

void MarkWidget(const std::string& name) {
  if (!on) return;
  // Only the part inside its window is clickable; a widget mostly scrolled out of it (or
  // below the screen's edge) is not listed, so a test scrolls until it shows.
  if (!ImGui::IsItemVisible()) return;
  ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  const float full = r.GetHeight();
  r.ClipWith(ImGui::GetCurrentWindowRead()->ClipRect);
  r.ClipWith(ImRect(ImVec2(0, 0), ImGui::GetIO().DisplaySize));
  if (r.GetWidth() <= 0 || r.GetHeight() < full * 0.6f) return;
  current[name] = Rect{r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight()};
}

void BeginWidgetFrame() {
  if (!on) return;
  last.swap(current);
  current.clear();
}

void SetTestState(std::string json) { state = std::move(json); }
bool TestHooksOn() { return on; }

void InstallTestHooks() {
#if ENCAISSE_TEST_HOOKS
  on = true;
  js_install_hooks();
#endif
}

}  // namespace encaisse::client

#if ENCAISSE_TEST_HOOKS

extern "C" EMSCRIPTEN_KEEPALIVE const char* encaisse_test_widgets() {
  using encaisse::client::last;
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, r] : last) j[name] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
  encaisse::client::widgets_text = j.dump();
  return encaisse::client::widgets_text.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* encaisse_test_state() { return encaisse::client::state.c_str(); }

extern "C" EMSCRIPTEN_KEEPALIVE void encaisse_test_persist() { encaisse::client::PersistData(); }
#endif
