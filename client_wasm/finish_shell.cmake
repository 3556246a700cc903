# cmake -DAPP_DIR=... -P finish_shell.cmake, after web/app/ is copied next to the wasm:
# - the shell's own scripts lose their whole-line comments (every tablet downloads them: ~1 KB
#   of the 600 KB first visit);
# - the hash of the shell goes into the service worker's BUILD (web/app/sw.js), so that a build
#   that changes the shell changes sw.js and the browser installs it (a cache-first worker would
#   otherwise keep serving the old build).
foreach(f boot.js sw.js)
  file(READ ${APP_DIR}/${f} script)
  string(REGEX REPLACE "\n[ \t]*//[^\n]*" "" script "\n${script}")
  string(SUBSTRING "${script}" 1 -1 script)
  file(WRITE ${APP_DIR}/${f} "${script}")
endforeach()

set(SHELL_HASHES "")
foreach(f index.html app.css boot.js app.js app.wasm manifest.webmanifest icon.svg)
  file(SHA256 ${APP_DIR}/${f} h)
  string(APPEND SHELL_HASHES ${h})
endforeach()
string(SHA256 build "${SHELL_HASHES}")
string(SUBSTRING ${build} 0 16 build)
file(READ ${APP_DIR}/sw.js sw)
string(REPLACE "const BUILD = 'dev';" "const BUILD = '${build}';" sw "${sw}")
file(WRITE ${APP_DIR}/sw.js "${sw}")
