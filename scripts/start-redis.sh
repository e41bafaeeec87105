#!/usr/bin/env bash
# Starts a throwaway redis-server for tests on a loopback port, with AOF persistence, in its own folder.
# Installs Debian's redis-server first if it is missing. Usage: scripts/start-redis.sh [PORT] [DIR]
# Prints "127.0.0.1:PORT" when Redis answers PING. Stop it with scripts/stop-redis.sh [PORT] [DIR].
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
redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --dir "$dir" \
  --appendonly yes --appendfsync everysec --save "" \
  --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
    echo "127.0.0.1:$port"
    exit 0
  fi
  sleep 0.1
done
echo "redis-server did not answer on 127.0.0.1:$port; see $dir/redis.log" >&2
exit 1
