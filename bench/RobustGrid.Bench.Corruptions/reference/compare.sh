#!/usr/bin/env bash
# CIFAR-10-C generation, RobustGrid against the reference generator, alternating, each run under the shared
# benchmark lock. Ours: all 19 x 5 on the 10,000 test images (Release build), with 2 torch threads and with 1.
# Reference: the first 200 test images (the same bytes), one CPU thread as the reference is written.
#
#   bench/RobustGrid.Bench.Corruptions/reference/compare.sh REFERENCE_make_cifar_c.py [OUT_DIR]
#
# Needs: dotnet build bench/RobustGrid.Bench.Corruptions -c Release; apt-get install -y python3-numpy python3-scipy
# python3-skimage python3-opencv python3-wand python3-pil; the reference file (hendrycks/robustness 8190fe3,
# ImageNet-C/create_c/make_cifar_c.py). Env: ROUNDS (2), N_REF (200), LOCK (/tmp/robustgrid-bench.lock),
# FROST (../shared/datasets/frost).
set -euo pipefail
cd "$(dirname "$0")/../../.."
REF=$(realpath "$1")
OUT=$(realpath -m "${2:-/tmp/corruption-compare}")
ROUNDS=${ROUNDS:-2}
N_REF=${N_REF:-200}
LOCK=${LOCK:-/tmp/robustgrid-bench.lock}
FROST=$(realpath "${FROST:-../shared/datasets/frost}")
B=bench/RobustGrid.Bench.Corruptions/bin/Release/net10.0/linux-x64/RobustGrid.Bench.Corruptions.dll
RUNNER=$(realpath bench/RobustGrid.Bench.Corruptions/reference/time_reference.py)
mkdir -p "$OUT"
[ -f "$OUT/input.npy" ] || dotnet "$B" export-input "$N_REF" "$OUT/input.npy"

timed() {  # name command...
  local name=$1; shift
  {
    echo "# $(date -u +%FT%TZ) $name: $*"
    echo "# before: $(uptime)"
    flock "$LOCK" "$@" 2>&1 | grep -v "FutureWarning\|^  " || true
    echo "# after: $(uptime)"
  } | tee -a "$OUT/$name.txt"
}

for round in $(seq 1 "$ROUNDS"); do
  timed ours-threads2 dotnet "$B" full --threads 2
  timed reference bash -c "cd '$FROST' && /usr/bin/python3 '$RUNNER' --reference '$REF' --input '$OUT/input.npy' --n $N_REF"
  timed ours-threads1 dotnet "$B" full --threads 1
done
grep -h "^total" "$OUT"/*.txt
