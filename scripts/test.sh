#!/usr/bin/env bash
# Runs the whole test suite on CPU: installs the Debian packages the tests use, builds, runs every test
# project, then prints one 'N passed, N failed, N skipped' line, then runs every benchmark at its smoke size
# (scripts/bench-smoke.sh). Exit code is dotnet test's, or the smoke's when the tests passed. Arguments go to
# dotnet test: ./scripts/test.sh --filter "Category!=Integration" runs the fast set only, without the benchmark
# smoke (BENCH_SMOKE=1 adds it, BENCH_SMOKE=0 leaves it out of a whole run).
set -uo pipefail
cd "$(dirname "$0")/.."
# prometheus brings promtool; docker-compose (the Python 1.x one, no daemon needed) checks deploy/docker-compose.yml;
# python3-torch runs the PyTorch side of the weight round trips, chromium the console's browser tests (each skipped,
# saying so, where it cannot be installed).
./scripts/setup.sh redis-server prometheus docker-compose '?python3-torch' '?chromium' || exit 1
# Playwright drives the chromium above; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The build enforces code style (.editorconfig, EnforceCodeStyleInBuild); this checks the whitespace rules too,
# and that no C# line is over 120 characters.
dotnet format whitespace RobustGrid.sln --verify-no-changes || { echo "run: dotnet format whitespace RobustGrid.sln"; exit 1; }
./scripts/check-line-length.sh || exit 1

# The test hosts run on the allocator the CLI and silo restart on (NativeAllocator.cs): in-process trainings then
# measure the product's configuration, and the suite runs about 20 % faster. ROBUSTGRID_ALLOCATOR=system keeps glibc.
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
if [ "${ROBUSTGRID_ALLOCATOR:-jemalloc}" != system ] && [ -e "$jemalloc" ]; then
  export LD_PRELOAD="$jemalloc${LD_PRELOAD:+:$LD_PRELOAD}" MALLOC_CONF=${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}
fi

log=$(mktemp)
dotnet test RobustGrid.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       }
     }
     END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
if [ "${BENCH_SMOKE:-$([ $# -eq 0 ] && echo 1 || echo 0)}" = 1 ]; then
  ./scripts/bench-smoke.sh
  smoke=$?
  [ "$status" -ne 0 ] || status=$smoke
fi
exit "$status"
