#!/usr/bin/env bash
# Starts a throwaway redis-server for tests on a loopback port, with AOF persistence, in its own folder.
# Installs Debian's redis-server first if it is missing. Usage: scripts/start-redis.sh [PORT] [DIR]
# Prints "127.0.0.1:PORT" once the server started here answers PING. A folder that already holds an AOF (from an
# earlier start with the same DIR) is reloaded. Fails when another Redis answers on the port instead: its PONG is not
# this server's. Stop it with scripts/stop-redis.sh [PORT] [DIR].
set -euo pipefail
port=${1:-6390}
dir=${2:-${TMPDIR:-/tmp}/robustgrid-redis-$port}
if ! command -v redis-server >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing redis-server" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
mkdir -p "$dir"
# A pid file left by an earlier server in this folder would make any answer look like ours.
rm -f "$dir/redis.pid"
log_start=$(( $(stat -c %s "$dir/redis.log" 2>/dev/null || echo 0) + 1 ))
redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --dir "$dir" \
  --appendonly yes --appendfsync everysec --save "" \
  --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
# The server counts as started only when the Redis that answers is the process this folder's pid file names.
answering=""
for _ in $(seq 1 100); do
  # Until the server listens, redis-cli fails; that is a reason to wait, not to stop (set -e, pipefail).
  answering=$(redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p' || true)
  if [ -n "$answering" ] && [ -f "$dir/redis.pid" ] && [ "$answering" = "$(cat "$dir/redis.pid")" ]; then
    echo "127.0.0.1:$port"
    exit 0
  fi
  # Binding the port failed: no need to wait for an answer that cannot be this server's.
  if tail -c +"$log_start" "$dir/redis.log" 2>/dev/null | grep -qi "address already in use"; then break; fi
  sleep 0.1
done
if [ -n "$answering" ]; then
  echo "another Redis (process $answering) answers on 127.0.0.1:$port;" \
    "the one started in $dir did not start: see $dir/redis.log" >&2
else
  echo "redis-server did not answer on 127.0.0.1:$port; see $dir/redis.log" >&2
fi
exit 1
