#include "client_wasm/test_hooks.h"

#include <emscripten.h>

#include <map>

#include <imgui.h>
#include <nlohmann/json.hpp>

namespace encaisse::client {
namespace {

struct Rect {
  float x, y, w, h;
};
bool on = false;
std::map<std::string, Rect> current, last;
std::string state = "{}";
std::string widgets_text = "{}";

EM_JS(void, js_install_hooks, (), {
  window.encaisseTest = {
    widgets: () => JSON.parse(UTF8ToString(_encaisse_test_widgets())),
    state: () => JSON.parse(UTF8ToString(_encaisse_test_state())),
  };
});

}  // namespace

void MarkWidget(const std::string& name) {
  if (!on) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  // Clipped away (scrolled out of its window): not clickable, not listed.
  if (!ImGui::IsItemVisible()) return;
  current[name] = Rect{a.x, a.y, b.x - a.x, b.y - a.y};
}

void BeginWidgetFrame() {
  if (!on) return;
  last.swap(current);
  current.clear();
}

void SetTestState(std::string json) { state = std::move(json); }
bool TestHooksOn() { return on; }

void InstallTestHooks() {
  on = true;
  js_install_hooks();
}

}  // namespace encaisse::client

extern "C" EMSCRIPTEN_KEEPALIVE const char* encaisse_test_widgets() {
  using encaisse::client::last;
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, r] : last) j[name] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
  encaisse::client::widgets_text = j.dump();
  return encaisse::client::widgets_text.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* encaisse_test_state() { return encaisse::client::state.c_str(); }
