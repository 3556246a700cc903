// The answers behind gl_state_cache.h: each state the ImGui backend saves, asked of WebGL the
// first time and remembered; anything else goes to WebGL every time.
#include <GLES3/gl3.h>

#include <algorithm>
#include <array>

namespace {

struct Saved {
  GLenum name = 0;
  std::array<GLint, 4> values{};
};

// What the backend saves each frame, with how many values each has.
int ValueCount(GLenum name) {
  switch (name) {
    case GL_VIEWPORT:
    case GL_SCISSOR_BOX: return 4;
    case GL_ACTIVE_TEXTURE: case GL_CURRENT_PROGRAM: case GL_TEXTURE_BINDING_2D: case GL_SAMPLER_BINDING:
    case GL_ARRAY_BUFFER_BINDING: case GL_VERTEX_ARRAY_BINDING: case GL_BLEND_SRC_RGB: case GL_BLEND_DST_RGB:
    case GL_BLEND_SRC_ALPHA: case GL_BLEND_DST_ALPHA: case GL_BLEND_EQUATION_RGB: case GL_BLEND_EQUATION_ALPHA:
      return 1;
    default: return 0;  // not remembered
  }
}

std::array<Saved, 16> integers;
int integer_count = 0;
std::array<std::pair<GLenum, GLboolean>, 8> capabilities;
int capability_count = 0;

}  // namespace

extern "C" void encaisse_gl_get_integerv(GLenum name, GLint* values) {
  const int n = ValueCount(name);
  if (n == 0) return glGetIntegerv(name, values);
  const auto end = integers.begin() + integer_count;
  auto it = std::find_if(integers.begin(), end, [name](const Saved& s) { return s.name == name; });
  if (it == end) {
    if (integer_count == static_cast<int>(integers.size())) return glGetIntegerv(name, values);
    it->name = name;
    glGetIntegerv(name, it->values.data());
    ++integer_count;
  }
  std::copy_n(it->values.begin(), n, values);
}

extern "C" GLboolean encaisse_gl_is_enabled(GLenum capability) {
  const auto end = capabilities.begin() + capability_count;
  auto it = std::find_if(capabilities.begin(), end, [capability](const auto& c) { return c.first == capability; });
  if (it != end) return it->second;
  const GLboolean on = glIsEnabled(capability);
  if (capability_count < static_cast<int>(capabilities.size())) capabilities[capability_count++] = {capability, on};
  return on;
}
