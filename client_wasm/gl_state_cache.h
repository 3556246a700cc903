// Dear ImGui's OpenGL backend saves ~20 pieces of GL state before it draws a frame and puts them
// back after. In WebGL each is a getParameter or isEnabled call, and some wait for the GPU
// process: 0.2 s of a 4 s first sync in Chrome's profile, ~0.7 ms of every frame drawn. Nothing
// else in the app changes that state (main.cpp only sets the viewport and clears before each
// frame), so what the backend finds before a frame is what it left after the last one: WebGL
// is asked once. Force-included into imgui_impl_opengl3.cpp alone (client_wasm/CMakeLists.txt).
#pragma once

#include <GLES3/gl3.h>

#ifdef __cplusplus
extern "C" {
#endif
void encaisse_gl_get_integerv(GLenum name, GLint* values);
GLboolean encaisse_gl_is_enabled(GLenum capability);
#ifdef __cplusplus
}
#endif

#define glGetIntegerv encaisse_gl_get_integerv
#define glIsEnabled encaisse_gl_is_enabled
