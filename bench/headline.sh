#!/usr/bin/env bash
# Reruns the headline benchmarks at their full size and prints the headline table of docs/benchmarks.md in the same
# format, with this commit and each row's load average, so that a change can be compared with the table in one
# command. Each benchmark's whole output goes to $LOGS (default: a new folder, named at the end). Runs on the CPU;
# takes 20-40 minutes on an idle 2-core machine. ONLY="grid training" runs some groups: grid, training, methods,
# corruptions, telemetry. Needs the Release build (dotnet build RobustGrid.sln -c Release) and, for the Redis row,
# redis-server (scripts/start-redis.sh installs it).
set -uo pipefail
cd "$(dirname "$0")/.."
logs=${LOGS:-$(mktemp -d -t robustgrid-headline-XXXX)}
mkdir -p "$logs"
only=" ${ONLY:-grid training methods corruptions telemetry} "
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo "+changes")
rows=()
bench() { "bench/RobustGrid.Bench.$1/bin/Release/net10.0/linux-x64/RobustGrid.Bench.$1" "${@:2}"; }
load() { cut -d' ' -f1 /proc/loadavg; }
# row NAME VALUE LOAD: one line of the table.
row() { rows+=("| $1 | $2 | $commit | $(date -u +%Y-%m-%d) | $3 |"); }
# field FILE PATTERN N: the Nth |-separated field of the first line of FILE that starts with PATTERN.
field() { grep -m1 -F "$2" "$1" | awk -F'|' -v n="$3" '{ gsub(/^ +| +$/, "", $(n + 1)); print $(n + 1) }'; }

if [[ $only == *" grid "* ]]; then
  bench Grid 10000 scheduling --silos 1,3 > "$logs/grid-memory.txt" 2>&1
  f=$logs/grid-memory.txt
  row "grid, 10,000 zero-cost trials, 1 silo, memory state: trials/s, CPU ms per trial (first sweep of a process)" \
    "$(field "$f" "| memory | cold | 1 |" 8), $(field "$f" "| memory | cold | 1 |" 12)" "$(field "$f" "| memory | cold | 1 |" 13)"
  row "grid, the same, warm process: trials/s, CPU ms per trial" \
    "$(field "$f" "| memory | warm | 1 |" 8), $(field "$f" "| memory | warm | 1 |" 12)" "$(field "$f" "| memory | warm | 1 |" 13)"
  row "grid, the same on 3 silos, warm: trials/s, CPU ms per trial" \
    "$(field "$f" "| memory | warm | 3 |" 8), $(field "$f" "| memory | warm | 3 |" 12)" "$(field "$f" "| memory | warm | 3 |" 13)"
  bench Grid 10000 scheduling --silos 1 --storage file > "$logs/grid-file.txt" 2>&1
  f=$logs/grid-file.txt
  row "grid, 1 silo, file store (as sweep run), warm: trials/s, CPU ms per trial" \
    "$(field "$f" "| file | warm | 1 |" 8), $(field "$f" "| file | warm | 1 |" 12)" "$(field "$f" "| file | warm | 1 |" 13)"
  if redis=$(scripts/start-redis.sh 6399 "$logs/redis"); then
    bench Grid 10000 scheduling --silos 1 --storage redis --redis "$redis" > "$logs/grid-redis.txt" 2>&1
    scripts/stop-redis.sh 6399 "$logs/redis" > /dev/null
    f=$logs/grid-redis.txt
    row "grid, 1 silo, Redis state, warm: trials/s, CPU ms per trial" \
      "$(field "$f" "| redis | warm | 1 |" 8), $(field "$f" "| redis | warm | 1 |" 12)" "$(field "$f" "| redis | warm | 1 |" 13)"
  fi
  bench Grid 10000 leaderboard > "$logs/grid-leaderboard.txt" 2>&1
  f=$logs/grid-leaderboard.txt
  line=$(grep -m1 -E '^\| [0-9,]+ → ' "$f")
  row "leaderboard, 1,000 queries/s while 200 results/s stream in: p50, p99 ms" \
    "$(echo "$line" | awk -F'|' '{ gsub(/ /, "", $5); gsub(/ /, "", $6); print $5 ", " $6 }')" \
    "$(echo "$line" | awk -F'|' '{ gsub(/^ +| +$/, "", $12); print $12 }')"
fi
if [[ $only == *" training "* ]]; then
  before=$(load)
  bench Training epoch --device cpu > "$logs/training-epoch.txt" 2>&1
  row "small-cnn, Fashion-MNIST, one CPU epoch: images/s, test accuracy" \
    "$(sed -n 's/.*: \([0-9]*\) img\/s, .*test accuracy \(.*\)$/\1, \2/p' "$logs/training-epoch.txt")" "$before → $(load)"
fi
if [[ $only == *" methods "* ]]; then
  before=$(load)
  bench Methods --dataset cifar10 --model wrn-40-2 --batch 32 --steps 5 --threads 1 --synthetic \
    --methods erm,augmix,ipmix > "$logs/methods.txt" 2>&1
  row "WRN-40-2 CIFAR-size step, CPU time against ERM: AugMix, IPMix" \
    "$(awk '$1 == "augmix" { a = $NF } $1 == "ipmix" { i = $NF } END { print a ", " i }' "$logs/methods.txt")" \
    "$before → $(load)"
fi
if [[ $only == *" corruptions "* ]]; then
  before=$(load)
  bench Corruptions time 1000 --synthetic --threads 1 --workers 2 > "$logs/corruptions.txt" 2>&1
  row "19 corruptions × 5 severities on 1,000 CIFAR-size images: images/s (wall), images per CPU-s" \
    "$(sed -n 's/.* = \([0-9]*\) images\/s wall, \([0-9]*\) images\/cpu-s.*/\1, \2/p' "$logs/corruptions.txt")" \
    "$before → $(load)"
fi
if [[ $only == *" telemetry "* ]]; then
  before=$(load)
  bench Telemetry --pairs 3 --train-limit 60000 --scrape-ms 5000 > "$logs/telemetry.txt" 2>&1
  row "telemetry at the shipped 5 s scrape: CPU per image added outside the trainer, median %" \
    "$(field "$logs/telemetry.txt" "| CPU per image added outside the trainer thread |" 3)" "$before → $(load)"
fi
echo "| headline | value | commit | date | load average |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "(whole outputs in $logs)"
