#!/usr/bin/env bash
# Training-loop throughput of the official AugMix / IPMix PyTorch code against RobustGrid's, same machine, same
# CIFAR-10 images, WRN-40-2, batch 128, 2 torch threads. Every timed command runs under the shared benchmark lock;
# ours and the official code alternate, ROUNDS times.
#
#   AUGMIX_CHECKOUT=DIR IPMIX_CHECKOUT=DIR bench/pytorch/official-compare.sh [OUT_DIR]
#
# The official code is not part of this repository: AUGMIX_CHECKOUT and IPMIX_CHECKOUT (both required) are the roots
# of checkouts of the two reference repositories at the commits the numbers in docs/benchmarks.md were measured on:
#   git clone https://github.com/google-research/augmix && git -C augmix checkout 9b9824c7c19bf7e72df2d085d97b99b3bfb00ba4
#   git clone https://github.com/hzlsaber/IPMix && git -C IPMix checkout 050bcb6cb562e0f45b9caf64b17283ef58b21a41
# (Apache-2.0 and MIT). They are checked first; if one is missing or incomplete the script says what is missing and
# how to get it, and exits non-zero before running anything.
#
# Needs: /usr/bin/python3 with Debian's python3-torch / python3-torchvision (apt-get install -y python3-torch
# python3-torchvision), the Release build of bench/RobustGrid.Bench.Methods, and the JPEG folder extracted:
#   mkdir -p /tmp/official/cifar10-jpg && tar xzf ../shared/datasets/cifar10-jpg.tar.gz -C /tmp/official/cifar10-jpg
# Env: AUGMIX_CHECKOUT, IPMIX_CHECKOUT (required, see above), ROUNDS (2), BATCHES (official timed batches, 6),
# WARMUP (official untimed batches, 3), STEPS (ours, timed steps after its 3 warm-up steps, 6), WORKERS (official
# DataLoader workers, 4 = the official default), THREADS (2), LOCK (/tmp/robustgrid-bench.lock),
# DATA (/tmp/official/cifar10-jpg).
set -euo pipefail
# Relative checkout paths are taken from the caller's folder.
AUGMIX_CHECKOUT=${AUGMIX_CHECKOUT:+$(realpath -m -- "$AUGMIX_CHECKOUT")}
IPMIX_CHECKOUT=${IPMIX_CHECKOUT:+$(realpath -m -- "$IPMIX_CHECKOUT")}
cd "$(dirname "$0")/../.."
# Both checkouts, before anything else (official_epoch.py prints what is missing and how to get it).
checkouts_ok=1
for code in augmix ipmix; do
  /usr/bin/python3 bench/pytorch/official_epoch.py --check-only --code "$code" \
    --augmix-checkout "${AUGMIX_CHECKOUT:-}" --ipmix-checkout "${IPMIX_CHECKOUT:-}" || checkouts_ok=0
done
(( checkouts_ok )) || exit 2
OUT=${1:-/tmp/official-compare}
ROUNDS=${ROUNDS:-2}
BATCHES=${BATCHES:-6}
WARMUP=${WARMUP:-3}
STEPS=${STEPS:-6}
WORKERS=${WORKERS:-4}
THREADS=${THREADS:-2}
LOCK=${LOCK:-/tmp/robustgrid-bench.lock}
DATA=${DATA:-/tmp/official/cifar10-jpg}
OURS=bench/RobustGrid.Bench.Methods/bin/Release/net10.0/linux-x64/RobustGrid.Bench.Methods
mkdir -p "$OUT"

timed() {  # name command...
  local name=$1; shift
  {
    echo "# $(date -u +%FT%TZ) $name: $*"
    echo "# before: $(uptime)"
    flock "$LOCK" "$@" 2>&1
    echo "# after: $(uptime)"
  } | tee -a "$OUT/$name.txt"
}

official() {  # code mode
  timed "official-$1-$2" /usr/bin/python3 bench/pytorch/official_epoch.py --code "$1" --mode "$2" --data "$DATA" \
    --augmix-checkout "$AUGMIX_CHECKOUT" --ipmix-checkout "$IPMIX_CHECKOUT" \
    --batches "$BATCHES" --warmup "$WARMUP" --threads "$THREADS" --workers "$WORKERS"
}

for round in $(seq 1 "$ROUNDS"); do
  echo "=== round $round"
  if (( round % 2 == 1 )); then
    timed ours "$OURS" --dataset cifar10 --model wrn-40-2 --batch 128 --steps "$STEPS" --threads "$THREADS" --methods erm,augmix,ipmix --per-step
    official augmix erm; official augmix jsd; official ipmix jsd
  else
    official augmix erm; official augmix jsd; official ipmix jsd
    timed ours "$OURS" --dataset cifar10 --model wrn-40-2 --batch 128 --steps "$STEPS" --threads "$THREADS" --methods erm,augmix,ipmix --per-step
  fi
done
grep -h "^RESULT\|^erm \|^augmix \|^ipmix \|per-step\|per-batch" "$OUT"/*.txt
