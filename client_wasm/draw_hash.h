// What a frame draws, as one number: a frame that draws what the last one drew need not reach
// the GPU (the canvas keeps showing the last one). A tablet left on a screen, or waiting between
// the pages of a first sync, then spends nothing on drawing.
#pragma once

#include <cstdint>

#include <imgui.h>

namespace encaisse::client {

// Over the vertices, indices and draw commands of `data`, and the framebuffer's size (a resized
// canvas is blank until drawn again).
uint64_t DrawHash(const ImDrawData& data, int framebuffer_width, int framebuffer_height);

}  // namespace encaisse::client
