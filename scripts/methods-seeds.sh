#!/usr/bin/env bash
# Multi-seed version of the methods evidence: trains small-cnn on Fashion-MNIST on CPU with each variant and seed,
# scores every checkpoint on the generated Fashion-MNIST-C suite and prints mean ± std (sample std over seeds) of
# clean error, mCE and the four family means per variant, so that a difference between methods can be read against
# the seed-to-seed spread.
# Usage: scripts/methods-seeds.sh [OUT]
#   env: SEEDS="1 2 3" TRAIN_LIMIT=6000 EPOCHS=3 TEST_LIMIT=1000 THREADS=1 LR=0.05 STREAMS=2 CLI=<robustgrid binary>
#        VARIANTS: one variant a line, "label method [train arguments...]", default erm, augmix and ipmix, e.g.
#          VARIANTS=$'erm erm\naugmix-nojsd augmix --set jsd=false' scripts/methods-seeds.sh
#        TABLE_ONLY=1 prints the table of the runs already in OUT; PER_CORRUPTION=1 adds a per-corruption table.
# Finished runs (checkpoint plus a newer report) are reused, so the script can be re-run after an interruption.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/methods-seeds}
seeds=${SEEDS:-1 2 3}
train_limit=${TRAIN_LIMIT:-6000}
epochs=${EPOCHS:-3}
test_limit=${TEST_LIMIT:-1000}
threads=${THREADS:-1}
lr=${LR:-0.05}
streams=${STREAMS:-2}
variants=${VARIANTS:-$'erm erm\naugmix augmix\nipmix ipmix'}
if [ -z "${CLI:-}" ]; then
  dotnet build src/RobustGrid.Cli -v q -nologo >/dev/null
  CLI=src/RobustGrid.Cli/bin/Debug/net10.0/linux-x64/robustgrid
fi
mkdir -p "$out"

run() { # label seed method [arguments...]
  local label=$1 seed=$2; shift 2
  local method=$1; shift
  local dir="$out/$label-s$seed"
  "$CLI" train --dataset fashion-mnist --model small-cnn --device cpu --train-limit "$train_limit" --test-limit "$test_limit" \
    --threads "$threads" --seed "$seed" --epochs "$epochs" --lr "$lr" --method "$method" "$@" --out "$dir" > "$dir.train.log" 2>&1
  if [ ! "$dir/eval/report.json" -nt "$dir/checkpoint.rgck" ]; then
    "$CLI" eval --checkpoint "$dir" --suite fashion-mnist-c --test-limit "$test_limit" --device cpu --out "$dir/eval" > "$dir.eval.log" 2>&1
  fi
  echo "done: $label seed $seed" >&2
}

if [ -z "${TABLE_ONLY:-}" ]; then
  # Jobs are dealt round-robin to $streams background streams (one torch thread each by default).
  jobs=()
  for seed in $seeds; do
    while read -r label method rest; do
      [ -n "$label" ] && jobs+=("$label $seed $method $rest")
    done <<< "$variants"
  done
  pids=()
  for ((s = 0; s < streams; s++)); do
    ( for ((j = s; j < ${#jobs[@]}; j += streams)); do
        # shellcheck disable=SC2086 # the job line is split into arguments on purpose
        run ${jobs[j]}
      done ) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
fi

echo "Fashion-MNIST, small-cnn, CPU: $train_limit training images, $epochs epochs at lr $lr; Fashion-MNIST-C (15 corruptions x 5"
echo "severities, unnormalised mCE) on the first $test_limit test images; mean ± sample std over seeds $seeds (errors in %)."
echo
echo "| variant | seeds | clean error | mCE | noise | blur | weather | digital |"
echo "|---|---|---|---|---|---|---|---|"
while read -r label _; do
  [ -z "$label" ] && continue
  reports=()
  for seed in $seeds; do
    [ -f "$out/$label-s$seed/eval/report.json" ] && reports+=("$out/$label-s$seed/eval/report.json")
  done
  [ ${#reports[@]} -eq 0 ] && continue
  jq -rs --arg name "$label" '
    def stat(f): (map(f * 100)) as $v | ($v | add / length) as $m
      | (if ($v | length) > 1 then (($v | map((. - $m) * (. - $m)) | add) / (($v | length) - 1) | sqrt) else 0 end) as $s
      | "\($m * 100 | round / 100) ± \($s * 100 | round / 100)";
    "| \($name) | \(length) | \(stat(.clean_error)) | \(stat(.mce)) | \(stat(.family_mean_errors.noise)) | \(stat(.family_mean_errors.blur)) | \(stat(.family_mean_errors.weather)) | \(stat(.family_mean_errors.digital)) |"' \
    "${reports[@]}"
done <<< "$variants"

[ -z "${PER_CORRUPTION:-}" ] && exit 0
# Per-corruption mean error (over severities), mean ± std over seeds, one column per variant.
labels=()
while read -r label _; do [ -n "$label" ] && labels+=("$label"); done <<< "$variants"
echo
header="| corruption |"; rule="|---|"
for label in "${labels[@]}"; do header="$header $label |"; rule="$rule---|"; done
echo "$header"; echo "$rule"
first=$(ls "$out"/"${labels[0]}"-s*/eval/report.json | head -1)
for corruption in $(jq -r '.corruptions[] | select(.benchmark) | .name' "$first"); do
  row="| $corruption"
  for label in "${labels[@]}"; do
    reports=()
    for seed in $seeds; do
      [ -f "$out/$label-s$seed/eval/report.json" ] && reports+=("$out/$label-s$seed/eval/report.json")
    done
    if [ ${#reports[@]} -eq 0 ]; then row="$row | –"; continue; fi
    row="$row | $(jq -rs --arg c "$corruption" '
      map(.corruptions[] | select(.name == $c) | .mean_error * 100) as $v | ($v | add / length) as $m
      | (if ($v | length) > 1 then (($v | map((. - $m) * (. - $m)) | add) / (($v | length) - 1) | sqrt) else 0 end) as $s
      | "\($m * 10 | round / 10) ± \($s * 10 | round / 10)"' "${reports[@]}")"
  done
  echo "$row |"
done
