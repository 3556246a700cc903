#include "client_wasm/ui_widgets.h"

#include <cstring>

#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"

namespace encaisse::client {

bool Button(const char* label, const char* test_name, bool primary, ImVec2 size) {
  if (primary) {
    const ImVec4 brand = ImGui::ColorConvertU32ToFloat4(colors::kBrand);
    ImGui::PushStyleColor(ImGuiCol_Button, brand);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(brand.x * 1.25f, brand.y * 1.2f, brand.z * 1.12f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(brand.x * 0.8f, brand.y * 0.8f, brand.z * 0.8f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  }
  const bool clicked = ImGui::Button(label, size);
  if (primary) ImGui::PopStyleColor(4);
  MarkWidget(test_name);
  return clicked;
}

void ColoredText(ImU32 color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

void Figure(const char* label, const std::string& value, ImU32 color) {
  ImGui::BeginGroup();
  ColoredText(colors::kMuted, label);
  if (TitleFont()) ImGui::PushFont(TitleFont());
  if (color) ColoredText(color, value); else ImGui::TextUnformatted(value.c_str());
  if (TitleFont()) ImGui::PopFont();
  ImGui::EndGroup();
}

void DragToScroll() {
  ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 6.0f) &&
      !ImGui::IsAnyItemActive())
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
}

void Section(const char* title) {
  ImGui::Dummy(ImVec2(0, 6));
  if (TitleFont()) ImGui::PushFont(TitleFont());
  ColoredText(colors::kBrand, title);
  if (TitleFont()) ImGui::PopFont();
}

void CopyToBuffer(char* buffer, size_t size, const std::string& text) {
  std::memset(buffer, 0, size);
  std::memcpy(buffer, text.data(), std::min(text.size(), size - 1));
}

}  // namespace encaisse::client
