#!/usr/bin/env bash
# Stops the redis-server that scripts/start-redis.sh started in DIR, by the process id in DIR/redis.pid (never
# whatever else answers on the port). SIGTERM lets Redis flush its AOF, so start-redis.sh with the same PORT and DIR
# reloads the data. The folder and its data are kept unless --delete is given.
# Usage: scripts/stop-redis.sh [--delete] [PORT] [DIR]
set -uo pipefail
delete=false
if [ "${1:-}" = "--delete" ]; then delete=true; shift; fi
port=${1:-6390}
dir=${2:-${TMPDIR:-/tmp}/robustgrid-redis-$port}
if [ -f "$dir/redis.pid" ]; then
  pid=$(cat "$dir/redis.pid")
  if kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "redis-server" ]; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "redis-server $pid did not stop in 10 s; killing it" >&2
      kill -KILL "$pid"
    fi
  fi
  rm -f "$dir/redis.pid"
else
  echo "no redis.pid in $dir: no server started there is running" >&2
fi
if $delete; then rm -rf "$dir"; fi
