#!/usr/bin/env bash
# Runs every benchmark at its smoke size (bench/smoke.list) from the Release build, so that a benchmark that no longer
# runs fails CI; speed is never checked. Fails when a line exits non-zero, when a bench/RobustGrid.Bench.* project has
# no line, or when a bench/*.sh kit does not parse. Usage: scripts/bench-smoke.sh [NAME...] runs only those lines.
set -uo pipefail
cd "$(dirname "$0")/.."
list=bench/smoke.list
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
failed=0
for project in bench/RobustGrid.Bench.*/; do
  name=$(basename "$project")
  name=${name#RobustGrid.Bench.}
  if ! grep -Eq "^$name[[:space:]]" "$list"; then
    echo "bench smoke: bench/RobustGrid.Bench.$name has no line in $list"
    failed=$((failed + 1))
  fi
done
for kit in bench/*.sh; do
  bash -n "$kit" || { echo "bench smoke: $kit does not parse"; failed=$((failed + 1)); }
done
runs=0
start=$SECONDS
while read -r name rest; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ $# -eq 0 || " $* " == *" $name "* ]] || continue
  read -ra argv <<< "${rest//\$SMOKE/$smoke}"
  if [ "$name" = robustgrid ]; then
    command=(./robustgrid)
  else
    command=("bench/RobustGrid.Bench.$name/bin/Release/net10.0/linux-x64/RobustGrid.Bench.$name")
  fi
  echo "=== bench smoke: $name ${argv[*]}"
  began=$SECONDS
  runs=$((runs + 1))
  if timeout 300 "${command[@]}" "${argv[@]}" < /dev/null; then
    echo "=== $name: ran in $((SECONDS - began)) s"
  else
    echo "=== $name: FAILED (exit $?) after $((SECONDS - began)) s"
    failed=$((failed + 1))
  fi
done < "$list"
echo "bench smoke: $runs runs, $failed failed, $((SECONDS - start)) s"
[ "$failed" -eq 0 ]
