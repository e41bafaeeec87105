#!/usr/bin/env bash
# DynTTA and NaTra evidence on Fashion-MNIST, CPU, small models and subsets, from one command:
#   scripts/evidence-tta-natra.sh [out folder]
# Sizes are environment variables so a faster machine can run larger ones (defaults fit a busy 2-core box).
# Every stage resumes: running the script again continues where it stopped; a step whose final output is already
# there (DynTTA report, NaTra report, robustness table) is skipped, so delete that folder to redo it.
# Each step's output goes to <out>/logs/<step>.log, its wall time to <out>/timings.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"                                   # the dataset catalogue looks for ../shared/datasets from here
rg=${RG:-"$here/robustgrid"}
out=${1:-runs/evidence-tta-natra}
CLASSIFIER_TRAIN=${CLASSIFIER_TRAIN:-10000}  # images for the frozen classifier DynTTA and NaTra stage 4 use
CLASSIFIER_EPOCHS=${CLASSIFIER_EPOCHS:-2}
TRAIN=${TRAIN:-1000}                         # images for the compared trainings (ERM, AugMix, NaTra, DynTTA-augment)
EPOCHS=${EPOCHS:-2}
# NaTra's loss is CE(x) + CE(x'): two terms of weight 1 double the step of a small CNN that is at the edge of
# stability at lr 0.05 on 8 steps per epoch (ERM at lr 0.1 reaches only 49 % clean), so NaTra trains at half the lr.
NATRA_LR=${NATRA_LR:-0.025}
TTA_TRAIN=${TTA_TRAIN:-2000}
TTA_EPOCHS=${TTA_EPOCHS:-1}
TTA_LR=${TTA_LR:-0.01}                       # recipe: 1e-4 for 60 epochs; see docs/methods.md
GAN_TRAIN=${GAN_TRAIN:-20000}
GAN_EPOCHS=${GAN_EPOCHS:-10}                 # 10 × 312 = 3,120 GAN steps of 64 images
DIRECTIONS=${DIRECTIONS:-16}                 # closed-form directions tested in stage 4
BOUND=${BOUND:-2}                            # |t| in stage 4 and stage 5 (latent units)
TEST=${TEST:-200}
# One torch thread per process: on a shared, oversubscribed 2-core box two spinning OpenMP threads cost ~7× the CPU
# per GAN step (docs/benchmarks.md, "DynTTA and NaTra stages"); THREADS=0 keeps torch's default on a machine of one's own.
THREADS=${THREADS:-1}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
[ "$THREADS" -gt 0 ] && export OMP_NUM_THREADS=$THREADS
mkdir -p "$out/logs"
# step NAME DONE-FILE COMMAND...: runs COMMAND unless DONE-FILE exists ("" = always: the trainer resumes by itself).
step() {
  local name=$1 done_file=$2; shift 2
  if [ -n "$done_file" ] && [ -e "$done_file" ]; then echo "$name: done already ($done_file)"; return; fi
  local start=$SECONDS
  "$@" 2>&1 | tee "$out/logs/$name.log"
  echo "$name: $((SECONDS - start)) s" | tee -a "$out/timings.txt"
}
train() { local name=$1 lr=$2; shift 2; step "$name" "" "$rg" train --dataset fashion-mnist --model small-cnn \
  --epochs "$EPOCHS" --train-limit "$TRAIN" --lr "$lr" --threads "$THREADS" --out "$out/$name" "$@"; }

step classifier "" "$rg" train --dataset fashion-mnist --model small-cnn \
  --epochs "$CLASSIFIER_EPOCHS" --train-limit "$CLASSIFIER_TRAIN" --lr 0.05 --threads "$THREADS" --out "$out/classifier"
for mode in non-blind blind; do
  step "dyntta-$mode" "$out/dyntta-$mode/dyntta-report.json" "$rg" dyntta --threads "$THREADS" --checkpoint "$out/classifier" --out "$out/dyntta-$mode" \
    --train-limit "$TTA_TRAIN" --test-limit "$TEST" --set mode=$mode --set urie-epochs="$TTA_EPOCHS" --set epochs="$TTA_EPOCHS" --set lr="$TTA_LR"
done
step natra-stages "$out/natra-stages/natra-report.json" "$rg" natra --threads "$THREADS" --checkpoint "$out/classifier" --out "$out/natra-stages" \
  --train-limit "$GAN_TRAIN" --set gan-epochs="$GAN_EPOCHS" --set encoder-epochs=1 --set refine-steps=10 --set cache-images="$TRAIN" \
  --set expansion-steps=40 --set expansion-images=64 --set held-out=200 --set directions="$DIRECTIONS" --set bound="$BOUND"
train erm 0.05
train augmix 0.05 --method augmix
train natra "$NATRA_LR" --method natra --set stages="$out/natra-stages" --set attack-steps=2
policy="$out/dyntta-non-blind/augmentation-policy.json"
# DynTTA's retraining: the official AugMix over the top-4 ops, pooled and for one of the shifts the official lists
# name (speckle noise, outside the 15 the non-blind enhancer trains on); the weighted-single variant.
train dyntta-augment 0.05 --method dyntta-augment --set policy="$policy"
train dyntta-augment-speckle-noise 0.05 --method dyntta-augment --set policy="$policy" --set shift=speckle_noise
train dyntta-augment-weighted-single 0.05 --method dyntta-augment --set policy="$policy" --set procedure=weighted-single
step robustness "$out/logs/robustness.done" "$rg" robustness --checkpoint "$out/erm" --checkpoint "$out/augmix" --checkpoint "$out/natra" \
  --checkpoint "$out/dyntta-augment" --checkpoint "$out/dyntta-augment-speckle-noise" \
  --checkpoint "$out/dyntta-augment-weighted-single" --test-limit "$TEST"
touch "$out/logs/robustness.done"
