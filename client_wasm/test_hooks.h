// What browser tests read from the running app: where named widgets are on the canvas (so a
// test clicks real pixels, as a finger would) and a JSON of what the screen shows. Installed
// as window.encaisseTest when the page address has ?test=1, in the tests' build only.
#pragma once

// 1 in the browser tests' build (encaisse_app_test, client_wasm/CMakeLists.txt); 0 in what tablets
// download, which then holds none of the hooks' code: InstallTestHooks does nothing there.
#ifndef ENCAISSE_TEST_HOOKS
#define ENCAISSE_TEST_HOOKS 0
#endif

#include <string>

namespace encaisse::client {

// Records the last ImGui item's rectangle under `name` for this frame.
void MarkWidget(const std::string& name);
// Starts a frame's list of widgets.
void BeginWidgetFrame();
// The app's state JSON, refreshed by the app each frame the tests are on.
void SetTestState(std::string json);
void InstallTestHooks();
bool TestHooksOn();

}  // namespace encaisse::client
