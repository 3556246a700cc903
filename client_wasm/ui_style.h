// The look of the app: a light theme with the brand colour, a TTF font with every French accent
// and the euro sign, and sizes for fingers (large hit targets, wide scrollbars).
#pragma once

#include <imgui.h>

namespace encaisse::client {

void ApplyStyle();

namespace colors {
inline constexpr ImU32 kBrand = IM_COL32(29, 78, 137, 255);
inline constexpr ImU32 kLate = IM_COL32(192, 57, 43, 255);
inline constexpr ImU32 kOk = IM_COL32(39, 174, 96, 255);
inline constexpr ImU32 kMuted = IM_COL32(110, 118, 129, 255);
inline constexpr ImU32 kWarn = IM_COL32(211, 134, 0, 255);
// Aging buckets, not due to over 90 days.
inline constexpr ImU32 kAging[5] = {IM_COL32(39, 174, 96, 255), IM_COL32(241, 196, 15, 255), IM_COL32(230, 126, 34, 255),
                                    IM_COL32(211, 84, 0, 255), IM_COL32(192, 57, 43, 255)};
}  // namespace colors

ImFont* TitleFont();

}  // namespace encaisse::client
