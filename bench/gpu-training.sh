#!/usr/bin/env bash
# On the GPU machine, from the project root, after bench/gpu-pack.sh here and with carry [".gpu"]:
#   bash bench/gpu-training.sh            (METHODS=0 skips the methods part)
# 1. RobustGrid's training steps (fp32; bf16-mixed + channels-last) and PyTorch's (fp32 eager; bf16 autocast +
#    channels_last) side by side, with the ratios: fp32 against fp32, and our best against theirs (the target).
# 2. Every method's training step on WRN-40-2, CIFAR-10-shaped synthetic images, batch 128: images/s and cost
#    against ERM (AugMix with JSD should be close to 3x), then the AugMix/IPMix augmentation alone.
# 3. The whole 19 x 5 corruption set on 10,000 synthetic CIFAR-sized images on the GPU (target: under 1 minute).
#    CORRUPTIONS=0 skips it.
set -euo pipefail
source .gpu/device-env.sh
models=${MODELS:-small-cnn,resnet18,wrn-40-2}
batches=${BATCHES:-128,512}
bench() { dotnet .gpu/app/RobustGrid.Bench.Training.dll throughput --device cuda --models "$models" --batches "$batches" "$@"; }
ours=$( { bench --precision fp32; bench --precision bf16-mixed --channels-last true; } )
theirs=$(python3 bench/pytorch/train_throughput.py "$models" "$batches")
echo "$ours"; echo "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import sys
def rows(text):
    return {tuple(l.split(",")[:3]): l.split(",") for l in text.splitlines() if l and not l.startswith(("#", "model"))}
ours, theirs = rows(sys.argv[1]), rows(sys.argv[2])
pairs = [("fp32", "fp32"), ("bf16-mixed+channels-last", "bf16-channels-last")]
keys = sorted({(m, b) for m, b, _ in theirs}, key=lambda k: (k[0], int(k[1])))
for m, b in keys:
    for our_mode, their_mode in pairs:
        o, t = ours.get((m, b, our_mode)), theirs.get((m, b, their_mode))
        if o is None or t is None:
            continue
        print(f"{m:10s} batch {b:4s} ours {our_mode:25s} {o[3]:>7s} img/s ({o[4]} MiB) vs pytorch {their_mode:18s} "
              f"{t[3]:>7s} img/s ({t[4]} MiB): ratio {float(o[3]) / float(t[3]):.2f}")
PY

if [ "${METHODS:-1}" = 1 ]; then
  methods() { dotnet .gpu/app/RobustGrid.Bench.Methods.dll --device cuda --dataset cifar10 --model wrn-40-2 --synthetic \
    --batch 128 --steps "${STEPS:-30}" "$@"; }
  methods --methods erm,augmix,ipmix,advbn,adv-mixup --per-step
  methods --augment-only
fi

if [ "${CORRUPTIONS:-1}" = 1 ]; then
  dotnet .gpu/app/RobustGrid.Bench.Corruptions.dll full --device cuda --synthetic
fi
