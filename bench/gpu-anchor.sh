#!/usr/bin/env bash
# On the GPU machine, after bench/gpu-pack-anchor.sh here and with carry [".gpu"]:
#   MINUTES=8 bash bench/gpu-anchor.sh
# AugMix's anchor run (WRN-40-2, CIFAR-10 slice of the pack, AugMix's 100-epoch recipe) for MINUTES of training,
# then clean error and CIFAR-10-C mCE on the full test set. The run folder goes to $OUT/augmix-anchor, so it comes
# back and a later session can carry it (as .gpu/augmix-anchor) and continue: RUN=.gpu/augmix-anchor.
set -euo pipefail
source .gpu/device-env.sh
run=${RUN:-${OUT:-/tmp}/augmix-anchor}
if [ -n "${RUN:-}" ] && [ -n "${OUT:-}" ]; then cp -r "$RUN" "$OUT/augmix-anchor"; run=$OUT/augmix-anchor; fi
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
dotnet .gpu/app/RobustGrid.Bench.Training.dll anchor --device "${DEVICE:-cuda}" --minutes "${MINUTES:-8}" --out "$run" \
  --precision "${PRECISION:-fp32}" ${TEST_LIMIT:+--test-limit $TEST_LIMIT}
