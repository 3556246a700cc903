// The client's main loop: a GLFW window on the page's canvas (emscripten's built-in port),
// ImGui over WebGL2, one App. The canvas follows the window's size; the frame function's CPU
// time is kept for the tests and the benchmark. A frame that draws the picture the canvas
// already shows is not sent to the GPU.
#include <emscripten.h>
#include <emscripten/html5.h>

#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "client_wasm/app.h"
#include "client_wasm/browser.h"
#include "client_wasm/draw_hash.h"
#include "client_wasm/test_hooks.h"
#include "client_wasm/ui_style.h"

namespace {

constexpr bool kTestHooks = ENCAISSE_TEST_HOOKS != 0;  // client_wasm/test_hooks.h
GLFWwindow* window = nullptr;
encaisse::client::App* app = nullptr;
bool data_loaded = false;
uint64_t last_drawn = 0;  // DrawHash of the frame the canvas shows
bool first_frame = true;  // marked, for the start's steps
bool figures_marked = false;  // the first frame with data is marked, once

EM_JS(int, js_page_width, (), { return window.innerWidth; });
EM_JS(int, js_page_height, (), { return window.innerHeight; });
EM_JS(void, js_app_started, (), {
  const el = document.getElementById("loading");
  if (el) el.remove();
  Module.canvas.style.visibility = "visible";  // hidden until now: web/app/app.css
});

// ImGui's GL objects (the font atlas, built here, and its shaders), made before the data is
// mounted rather than in the first frame: when IndexedDB answers after the wasm, this work fills
// the wait. Flushed, so that the GPU process compiles and uploads while the app goes on. (A
// draw with them here, to make the GPU compile its pipeline early too, made no difference:
// the browser defers it to the first frame's read-back anyway.)
void MakeGlObjects() {
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  glFlush();
}

void FollowPageSize() {
  const int w = js_page_width(), h = js_page_height();
  int cw = 0, ch = 0;
  glfwGetWindowSize(window, &cw, &ch);
  if (w != cw || h != ch) glfwSetWindowSize(window, w, h);
}

void Frame() {
  FollowPageSize();
  glfwPollEvents();
  if (first_frame) encaisse::client::Mark("frame1");
  first_frame = false;
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 60.0f;  // headless Chromium repeats a timestamp
  if (data_loaded) app->Work();  // outside the frame's own time, which the bench measures
  const double t0 = encaisse::client::NowMs();
  ImGui::NewFrame();
  encaisse::client::BeginWidgetFrame();
  if (data_loaded) app->Frame();
  ImGui::Render();
  const double cpu = encaisse::client::NowMs() - t0;
  if (app->frame_ms.size() >= 240) app->frame_ms.erase(app->frame_ms.begin());
  app->frame_ms.push_back(cpu);
  if (kTestHooks && encaisse::client::TestHooksOn()) encaisse::client::SetTestState(app->StateJson());

  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window, &fw, &fh);
  // The same picture as the last frame's: nothing for the GPU (client_wasm/draw_hash.h).
  const uint64_t drawn = encaisse::client::DrawHash(*ImGui::GetDrawData(), fw, fh);
  if (drawn != last_drawn) {
    last_drawn = drawn;
    ++app->gpu_frames;
    glViewport(0, 0, fw, fh);
    glClearColor(0.96f, 0.97f, 0.98f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  if (app->figures_drawn && !figures_marked) {
    figures_marked = true;
    encaisse::client::Mark("figures");  // the first frame with data: the start's figure
    encaisse::client::MarkAfterFrame("figures_shown");  // and that frame handed to the compositor
  }
}

void ReplicaLoaded(bool ok) {
  if (!ok) emscripten_log(EM_LOG_WARN, "the replica could not be read from IndexedDB: it is pulled again");
  encaisse::client::Mark("replica_mounted");
  app->ReplicaLoaded();
  encaisse::client::Mark("replica_opened");
}

// The first frame needs only the small files; the replica follows (App::Start).
void DataLoaded(bool ok) {
  if (!ok) emscripten_log(EM_LOG_WARN, "IndexedDB could not be read: starting empty");
  encaisse::client::Mark("mounted");
  app->Start();
  encaisse::client::Mark("started");
  data_loaded = true;
  js_app_started();
  encaisse::client::MountReplica(ReplicaLoaded);
}

}  // namespace

// This Emscripten's GLFW hands the browser's wheel deltas through as they come (pixels, positive
// when the page would scroll down), where GLFW and ImGui expect steps, positive upwards: the
// wheel would scroll the wrong way by a hundred lines.
void WheelScrolled(GLFWwindow* w, double dx_pixels, double dy_pixels) {
  constexpr double kPixelsPerStep = 100;
  ImGui_ImplGlfw_ScrollCallback(w, -dx_pixels / kPixelsPerStep, -dy_pixels / kPixelsPerStep);
}

int main() {
  // The start's steps are performance marks, after boot.js's (tests/bench/client_bench.sh).
  encaisse::client::Mark("main");
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  // ImGui draws with neither depth nor stencil: without them the browser allocates and clears
  // less for each frame. web/app/boot.js asks for the context with the same attributes.
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  // The canvas's WebGL context already exists (web/app/boot.js made it early): this gets it back.
  window = glfwCreateWindow(js_page_width(), js_page_height(), "Encaisse", nullptr, nullptr);
  if (!window) return 1;
  glfwMakeContextCurrent(window);
  encaisse::client::Mark("window");

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is the app's, not a file's
  encaisse::client::ApplyStyle();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  glfwSetScrollCallback(window, WheelScrolled);  // after the backend's, which it calls
  ImGui_ImplOpenGL3_Init("#version 300 es");
  MakeGlObjects();
  encaisse::client::Mark("gl_objects");

  app = new encaisse::client::App();
  if (kTestHooks && encaisse::client::PageParam("test") == "1") encaisse::client::InstallTestHooks();
  encaisse::client::MountData(DataLoaded);
  emscripten_set_main_loop(Frame, 0, false);
  return 0;
}
