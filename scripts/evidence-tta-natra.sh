#!/usr/bin/env bash
# DynTTA and NaTra evidence on Fashion-MNIST, CPU, small models and subsets, from one command:
#   scripts/evidence-tta-natra.sh [out folder]
# Sizes are environment variables so a faster machine can run larger ones (defaults fit a busy 2-core box).
# Every stage resumes: running the script again continues where it stopped.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rg="$here/robustgrid"
out=${1:-runs/evidence-tta-natra}
CLASSIFIER_TRAIN=${CLASSIFIER_TRAIN:-10000}  # images for the frozen classifier DynTTA and NaTra stage 4 use
CLASSIFIER_EPOCHS=${CLASSIFIER_EPOCHS:-2}
TRAIN=${TRAIN:-1000}                         # images for the compared trainings (ERM, NaTra, DynTTA-augment)
EPOCHS=${EPOCHS:-2}
TTA_TRAIN=${TTA_TRAIN:-2000}
TTA_EPOCHS=${TTA_EPOCHS:-1}
TTA_LR=${TTA_LR:-0.01}                       # recipe: 1e-4 for 60 epochs; see docs/methods-tta-natra.md
GAN_TRAIN=${GAN_TRAIN:-5000}
GAN_EPOCHS=${GAN_EPOCHS:-3}
TEST=${TEST:-200}
time_it() { local name=$1; shift; local start=$SECONDS; "$@"; echo "$name: $((SECONDS - start)) s" | tee -a "$out/timings.txt"; }
mkdir -p "$out"

time_it classifier "$rg" train --dataset fashion-mnist --model small-cnn --epochs "$CLASSIFIER_EPOCHS" --train-limit "$CLASSIFIER_TRAIN" --lr 0.05 --out "$out/classifier"
time_it dyntta "$rg" dyntta --checkpoint "$out/classifier" --out "$out/dyntta" --train-limit "$TTA_TRAIN" --test-limit "$TEST" \
  --set urie-epochs="$TTA_EPOCHS" --set epochs="$TTA_EPOCHS" --set lr="$TTA_LR"
time_it natra-stages "$rg" natra --checkpoint "$out/classifier" --out "$out/natra-stages" --train-limit "$GAN_TRAIN" \
  --set gan-epochs="$GAN_EPOCHS" --set encoder-epochs=1 --set refine-steps=10 --set cache-images="$TRAIN" --set expansion-steps=40 --set expansion-images=64 --set held-out=200
time_it erm "$rg" train --dataset fashion-mnist --epochs "$EPOCHS" --train-limit "$TRAIN" --lr 0.05 --out "$out/erm"
time_it natra "$rg" train --dataset fashion-mnist --method natra --set stages="$out/natra-stages" --set attack-steps=2 \
  --epochs "$EPOCHS" --train-limit "$TRAIN" --lr 0.05 --out "$out/natra"
time_it dyntta-augment "$rg" train --dataset fashion-mnist --method dyntta-augment --set policy="$out/dyntta/augmentation-policy.json" \
  --epochs "$EPOCHS" --train-limit "$TRAIN" --lr 0.05 --out "$out/dyntta-augment"
time_it robustness "$rg" robustness --checkpoint "$out/erm" --checkpoint "$out/natra" --checkpoint "$out/dyntta-augment" --test-limit "$TEST"
