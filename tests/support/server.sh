# Sourced by the scripts that run the real server beside a browser: a scratch folder and the
# server, both gone when the script exits.
#   source tests/support/server.sh      # sets WORK (a new temporary folder)
#   PORT=$(free_port)
#   start_server "$WORK/server.log" "$BIN" serve --db ... --port "$PORT" ...   || exit 1

WORK=$(mktemp -d)
SERVER_PID=
cleanup_server() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup_server EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_server LOG COMMAND...: runs COMMAND in the background (its output to LOG) and waits
# until http://127.0.0.1:$PORT/healthz answers; on failure prints the log and returns 1.
start_server() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "# the server did not start:"
  sed 's/^/#   /' "$log"
  return 1
}
