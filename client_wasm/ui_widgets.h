// Widgets the screens share: buttons sized for a finger and named for the browser tests,
// amounts right-aligned, drag-to-scroll for touch screens.
#pragma once

#include <string>

#include <imgui.h>

namespace encaisse::client {

// A button recorded under `test_name` for the tests. Primary: brand colour, white text.
bool Button(const char* label, const char* test_name, bool primary = false, ImVec2 size = ImVec2(0, 0));
// Text in a colour.
void ColoredText(ImU32 color, const std::string& text);
// A label above a value, for the summary cards.
void Figure(const char* label, const std::string& value, ImU32 color = 0);
// Scrolls the current window when a finger (or the mouse) drags on it: touch screens have no
// scroll wheel and ImGui does not scroll by dragging on its own.
void DragToScroll();
// The section title with some space above.
void Section(const char* title);
// `text` into an ImGui text buffer, cut to fit, the rest zeroed.
void CopyToBuffer(char* buffer, size_t size, const std::string& text);

}  // namespace encaisse::client
