#include "client_wasm/ui_style.h"

namespace encaisse::client {
namespace {
ImFont* title_font = nullptr;
}

ImFont* TitleFont() { return title_font; }

void ApplyStyle() {
  ImGuiIO& io = ImGui::GetIO();
  // Latin-1 (French accents), Œ œ Ÿ, dashes and quotes, the ellipsis, the narrow no-break space
  // and €: the glyphs the font subset of ci/bootstrap keeps.
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0152, 0x0153, 0x0178, 0x0178, 0x2013, 0x2014, 0x2018, 0x201E,
                                    0x2022, 0x2022, 0x2026, 0x2026, 0x202F, 0x202F, 0x20AC, 0x20AC, 0};
  ImFontConfig config;
  config.OversampleH = 2;
  if (!io.Fonts->AddFontFromFileTTF("/font.ttf", 19.0f, &config, kRanges)) io.Fonts->AddFontDefault();
  title_font = io.Fonts->AddFontFromFileTTF("/font.ttf", 26.0f, &config, kRanges);

  ImGuiStyle& s = ImGui::GetStyle();
  ImGui::StyleColorsLight(&s);
  s.WindowPadding = ImVec2(16, 14);
  s.FramePadding = ImVec2(14, 10);
  s.ItemSpacing = ImVec2(12, 10);
  s.ItemInnerSpacing = ImVec2(10, 8);
  s.CellPadding = ImVec2(10, 9);
  s.ScrollbarSize = 20;
  s.GrabMinSize = 24;
  s.FrameRounding = 6;
  s.FrameBorderSize = 1;  // white fields on white cards need an edge
  s.ChildRounding = 8;
  s.WindowRounding = 0;
  s.PopupRounding = 8;
  s.GrabRounding = 6;
  s.TouchExtraPadding = ImVec2(4, 4);  // fingers are wider than a mouse pointer
  ImVec4* c = s.Colors;
  const ImVec4 brand = ImGui::ColorConvertU32ToFloat4(colors::kBrand);
  c[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.97f, 0.98f, 1);
  c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_Border] = ImVec4(0.85f, 0.87f, 0.90f, 1);
  c[ImGuiCol_Button] = ImVec4(0.88f, 0.91f, 0.95f, 1);  // secondary; primary buttons push the brand
  c[ImGuiCol_ButtonHovered] = ImVec4(0.82f, 0.87f, 0.93f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.75f, 0.81f, 0.90f, 1);
  c[ImGuiCol_Text] = ImVec4(0.13f, 0.15f, 0.18f, 1);
  c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.95f, 0.98f, 1);
  c[ImGuiCol_Header] = ImVec4(0.86f, 0.91f, 0.97f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.80f, 0.87f, 0.96f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(0.74f, 0.83f, 0.95f, 1);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.92f, 0.94f, 0.97f, 1);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.97f, 0.98f, 0.99f, 1);
  c[ImGuiCol_CheckMark] = brand;
  c[ImGuiCol_PlotHistogram] = brand;
}

}  // namespace encaisse::client
