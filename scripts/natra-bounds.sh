#!/usr/bin/env bash
# NaTra's stage-5 magnitude bound against ERM and AugMix over seeds, on the NaTra stage folder that
# scripts/evidence-tta-natra.sh built (stages 1-4 are reused, not retrained):
#   scripts/natra-bounds.sh EVIDENCE_FOLDER [OUT_FOLDER]
# Env: SEEDS ("0 1 2"), BOUNDS ("1 2 3 4"), TRAIN (1000, must not exceed the stage folder's cached codes), EPOCHS (2),
# NATRA_LR (0.025, as the evidence script), TEST (1000 test images for the robustness table), THREADS (1).
# Trainings resume; the robustness table is written to OUT_FOLDER/robustness.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"                                   # the dataset catalogue looks for ../shared/datasets from here
rg=${RG:-"$here/robustgrid"}
evidence=${1:?usage: scripts/natra-bounds.sh EVIDENCE_FOLDER [OUT_FOLDER]}
out=${2:-$evidence/natra-bounds}
stages="$evidence/natra-stages"
[ -e "$stages/natra-report.json" ] || { echo "no finished NaTra stage folder at $stages (run scripts/evidence-tta-natra.sh first)" >&2; exit 2; }
SEEDS=${SEEDS:-"0 1 2"}
BOUNDS=${BOUNDS:-"1 2 3 4"}
TRAIN=${TRAIN:-1000}
EPOCHS=${EPOCHS:-2}
NATRA_LR=${NATRA_LR:-0.025}
TEST=${TEST:-1000}
THREADS=${THREADS:-1}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
mkdir -p "$out"

train() { local name=$1 lr=$2 seed=$3; shift 3
  local start=$SECONDS
  "$rg" train --dataset fashion-mnist --model small-cnn --epochs "$EPOCHS" --train-limit "$TRAIN" --lr "$lr" \
    --seed "$seed" --threads "$THREADS" --out "$out/$name" "$@" > "$out/$name.log" 2>&1
  echo "$name: $((SECONDS - start)) s, $(tail -2 "$out/$name.log" | head -1)" | tee -a "$out/timings.txt"
}

checkpoints=()
for seed in $SEEDS; do
  train "erm-s$seed" 0.05 "$seed"
  train "augmix-s$seed" 0.05 "$seed" --method augmix
  # The control for NaTra's halved learning rate: ERM at NaTra's.
  train "erm-lr$NATRA_LR-s$seed" "$NATRA_LR" "$seed"
  checkpoints+=(--checkpoint "$out/erm-s$seed" --checkpoint "$out/augmix-s$seed" --checkpoint "$out/erm-lr$NATRA_LR-s$seed")
  for bound in $BOUNDS; do
    train "natra-b$bound-s$seed" "$NATRA_LR" "$seed" --method natra --set stages="$stages" --set attack-steps=2 --set bound="$bound"
    checkpoints+=(--checkpoint "$out/natra-b$bound-s$seed")
  done
done
"$rg" robustness "${checkpoints[@]}" --test-limit "$TEST" 2>&1 | tee "$out/robustness.txt"
