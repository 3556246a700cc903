#include "client_wasm/draw_hash.h"

#include <cstring>

namespace encaisse::client {
namespace {

// FNV-1a's step over 64-bit words, with a shift so that high bits reach low ones: a UI that
// changes changes many words, so a collision that hides a change is not a practical concern.
uint64_t Mix(uint64_t h, uint64_t v) {
  h = (h ^ v) * 0x100000001b3ULL;
  return h ^ (h >> 31);
}

uint64_t MixBytes(uint64_t h, const void* data, size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (; size >= 8; p += 8, size -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = Mix(h, word);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, size);
  return Mix(h, tail ^ (static_cast<uint64_t>(size) << 56));
}

}  // namespace

uint64_t DrawHash(const ImDrawData& data, int framebuffer_width, int framebuffer_height) {
  uint64_t h = Mix(0xcbf29ce484222325ULL, (static_cast<uint64_t>(framebuffer_width) << 32) | static_cast<uint32_t>(framebuffer_height));
  for (int i = 0; i < data.CmdListsCount; ++i) {
    const ImDrawList& list = *data.CmdLists[i];
    h = MixBytes(h, list.VtxBuffer.Data, static_cast<size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
    h = MixBytes(h, list.IdxBuffer.Data, static_cast<size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list.CmdBuffer) {  // the fields, not the struct (its padding, its callback)
      h = MixBytes(h, &cmd.ClipRect, sizeof cmd.ClipRect);
      h = Mix(h, reinterpret_cast<uintptr_t>(cmd.TextureId));
      h = Mix(h, (static_cast<uint64_t>(cmd.VtxOffset) << 32) | cmd.IdxOffset);
      h = Mix(h, cmd.ElemCount);
    }
  }
  return Mix(h, static_cast<uint64_t>(data.CmdListsCount));
}

}  // namespace encaisse::client
