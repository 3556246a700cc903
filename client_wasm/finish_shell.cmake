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

# Every file the worker serves (all but itself and the pre-compressed copy, which follows the
# wasm), in name order: a file added to the shell counts without being listed here too.
file(GLOB shell_files RELATIVE ${APP_DIR} ${APP_DIR}/*)
list(REMOVE_ITEM shell_files sw.js)
list(FILTER shell_files EXCLUDE REGEX "\\.gz$")
list(SORT shell_files)
set(SHELL_HASHES "")
foreach(f IN LISTS shell_files)
  file(SHA256 ${APP_DIR}/${f} h)
  string(APPEND SHELL_HASHES ${h})
endforeach()
string(SHA256 build "${SHELL_HASHES}")
string(SUBSTRING ${build} 0 16 build)
file(READ ${APP_DIR}/sw.js sw)
string(FIND "${sw}" "const BUILD = 'dev';" at)
if(at EQUAL -1)
  message(FATAL_ERROR "web/app/sw.js has no line \"const BUILD = 'dev';\" to stamp: every build would keep the tablets on the cached one")
endif()
string(REPLACE "const BUILD = 'dev';" "const BUILD = '${build}';" sw "${sw}")
file(WRITE ${APP_DIR}/sw.js "${sw}")
