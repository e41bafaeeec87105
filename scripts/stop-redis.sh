#!/usr/bin/env bash
# Stops a redis-server started by scripts/start-redis.sh and removes its folder. Usage: scripts/stop-redis.sh [PORT] [DIR]
set -uo pipefail
port=${1:-6390}
dir=${2:-${TMPDIR:-/tmp}/robustgrid-redis-$port}
redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
if [ -f "$dir/redis.pid" ]; then
  pid=$(cat "$dir/redis.pid")
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill "$pid"
fi
rm -rf "$dir"
