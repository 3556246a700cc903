# Sourced by the scripts that run the real server beside a browser: a scratch folder and the
# server, both gone when the script exits.
#   source tests/support/server.sh      # sets WORK (a new temporary folder)
#   PORT=$(free_port)
#   start_server "$WORK/server.log" "$BIN" serve --db ... --port "$PORT" ...   || exit 1

WORK=$(mktemp -d)
SERVER_PID=
SMTP_PID=
cleanup_server() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$SMTP_PID" ] && kill "$SMTP_PID" 2>/dev/null && wait "$SMTP_PID" 2>/dev/null
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

# start_smtp_sink PORT MAILDIR: a real SMTP server (tests/server/smtp_sink.py, aiosmtpd) that
# writes each message it accepts into MAILDIR (Debian's python3-aiosmtpd, hence /usr/bin/python3);
# waits until it listens.
start_smtp_sink() {
  mkdir -p "$2"
  /usr/bin/python3 tests/server/smtp_sink.py "$1" "$2" >"$WORK/smtp.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 1 100); do
    grep -q ready "$WORK/smtp.log" && return 0
    sleep 0.1
  done
  echo "# the SMTP sink did not start:"
  sed 's/^/#   /' "$WORK/smtp.log"
  return 1
}
