#!/usr/bin/env bash
# Population-based training against random search at the same budget, on Fashion-MNIST with small-cnn on the CPU.
# Both search the learning rate (log-uniform, 0.002 to 2) for 4 trainings of 4 epochs each (16 epochs in all): random
# search as 4 independent trials, pbt as a population of 4 whose bottom member continues the top member's checkpoint
# with a perturbed learning rate after every epoch. Each sweep's result is its best trial's clean error on the first
# 1,000 test images; the script prints it per sampler seed and the mean over the seeds.
#
#   bash bench/pbt-vs-random.sh [SEED ...]     (default seeds 1 2 3; SLOTS trials train at once, default 2)
#
# The sweeps run in a home of their own (ROBUSTGRID_HOME, default a new temporary folder, removed at the end).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
slots=${SLOTS:-2}
own_home=0
if [ -z "${ROBUSTGRID_HOME:-}" ]; then
    ROBUSTGRID_HOME=$(mktemp -d -t robustgrid-pbt-XXXXXX)
    own_home=1
fi
export ROBUSTGRID_HOME
trap '[ "$own_home" = 1 ] && rm -rf "$ROBUSTGRID_HOME"' EXIT

spec() { # METHOD SEED
    cat <<YAML
name: fmnist-$1-s$2
dataset: fashion-mnist
method: $1
metric: {name: clean/error, goal: minimize}
parameters:
  model: {value: small-cnn}
  learning_rate: {distribution: log_uniform_values, min: 0.002, max: 2.0}
  batch_size: {value: 128}
  epochs: {value: 4}
  train_limit: {value: 4000}
  test_limit: {value: 1000}
  threads: {value: 1}
parallel_trials: $slots
sampler: {seed: $2}
YAML
    if [ "$1" = pbt ]; then echo "pbt: {population: 4, perturbation_interval: 1}"; else echo "run_cap: 4"; fi
}

results=()
for seed in "${seeds[@]}"; do
    for method in random pbt; do
        file="$ROBUSTGRID_HOME/$method-$seed.yaml"
        spec "$method" "$seed" > "$file"
        start=$(date +%s)
        "$root/robustgrid" sweep run "$file" --slots "$slots" --new --top 1 > "$ROBUSTGRID_HOME/$method-$seed.log"
        seconds=$(( $(date +%s) - start ))
        best=$("$root/robustgrid" sweep list --json | python3 -c '
import json, sys
name = sys.argv[1]
sweeps = [s for s in json.load(sys.stdin) if s["name"] == name]
print(sweeps[0]["bestValue"])' "fmnist-$method-s$seed")
        echo "seed $seed  $method  best clean/error $best  ($seconds s)"
        results+=("$method $best")
    done
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
by = {}
for line in sys.stdin:
    method, value = line.split()
    by.setdefault(method, []).append(float(value))
for method, values in by.items():
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    print(f"{method:6s} mean best clean/error {statistics.mean(values):.4f} ± {spread:.4f} over {len(values)} seeds")'
