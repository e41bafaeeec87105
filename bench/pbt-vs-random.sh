#!/usr/bin/env bash
# Population-based training against random search at the same budget, on Fashion-MNIST with small-cnn on the CPU.
# By default both search the learning rate (log-uniform, 0.002 to 2) for 4 trainings of 4 epochs each (16 epochs in
# all) on the first 4,000 training images: random search as 4 independent trials (run_cap 4), pbt as a population of 4
# whose bottom member continues the top member's checkpoint with perturbed values after every epoch. With the same
# sampler seed pbt's population starts from random search's 4 draws, so each seed is a paired comparison.
#
# Selection and report use different images. Both methods see only the first 5,000 test images (test_limit): pbt
# ranks its members on them every epoch and each sweep picks its best trial on them. The script then scores that
# trial's checkpoint on all 10,000 test images ('robustgrid eval') and reports its error on the other 5,000, which
# neither method saw. It prints, per sampler seed, both errors and the sweep's wall time, then per method the mean and
# standard deviation over the seeds, and the paired differences pbt - random.
#
#   bash bench/pbt-vs-random.sh [SEED ...]     (default seeds 1 2 3 4 5; SLOTS trials train at once, default 2)
#
# Environment:
#   TRAININGS (default 4), EPOCHS (default 4), INTERVAL (pbt's perturbation interval in epochs, default 1): TRAININGS
#     random trials of EPOCHS epochs against a population of TRAININGS trained for EPOCHS epochs.
#   TRAIN_LIMIT (default 4000): the training images.
#   SEARCH=sgd: also search momentum (uniform, 0 to 0.99) and weight decay (log-uniform, 1e-5 to 1e-2); pbt perturbs
#     all three. Default SEARCH=lr: the learning rate only.
#   SCHEDULE=constant: a constant learning rate (a step decay whose first step would come after the last epoch)
#     instead of the default cosine decay to 0.
#
# The sweeps run in a home of their own (ROBUSTGRID_HOME, default a new temporary folder, removed at the end). With
# LOGS=DIR each sweep's console log and a table of its trials (values, pbt parent, scores) are kept in DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5)
slots=${SLOTS:-2}
trainings=${TRAININGS:-4} epochs=${EPOCHS:-4} interval=${INTERVAL:-1} select_images=5000 all_images=10000
train_images=${TRAIN_LIMIT:-4000}
schedule=${SCHEDULE:-cosine} search=${SEARCH:-lr}
case "$search" in
    lr) search_lines="" ;;
    sgd) search_lines="  momentum: {distribution: uniform, min: 0.0, max: 0.99}
  weight_decay: {distribution: log_uniform_values, min: 0.00001, max: 0.01}" ;;
    *) echo "SEARCH must be lr or sgd, not '$search'" >&2; exit 2 ;;
esac
case "$schedule" in
    cosine) schedule_lines="" ;;
    constant) schedule_lines="  learning_rate_step_epochs: {value: $epochs}" ;;
    *) echo "SCHEDULE must be cosine or constant, not '$schedule'" >&2; exit 2 ;;
esac
own_home=0
if [ -z "${ROBUSTGRID_HOME:-}" ]; then
    ROBUSTGRID_HOME=$(mktemp -d -t robustgrid-pbt-XXXXXX)
    own_home=1
fi
export ROBUSTGRID_HOME
trap '[ "$own_home" = 1 ] && rm -rf "$ROBUSTGRID_HOME"' EXIT
logs=${LOGS:-$ROBUSTGRID_HOME}
mkdir -p "$logs"

spec() { # METHOD SEED
    cat <<YAML
name: fmnist-$1-s$2
dataset: fashion-mnist
method: $1
metric: {name: clean/error, goal: minimize}
parameters:
  model: {value: small-cnn}
  learning_rate: {distribution: log_uniform_values, min: 0.002, max: 2.0}
${search_lines}
  batch_size: {value: 128}
  epochs: {value: $epochs}
  train_limit: {value: $train_images}
  test_limit: {value: $select_images}
  threads: {value: 1}
${schedule_lines}
parallel_trials: $slots
sampler: {seed: $2}
YAML
    if [ "$1" = pbt ]; then echo "pbt: {population: $trainings, perturbation_interval: $interval}"
    else echo "run_cap: $trainings"; fi
}

# The clean error of a checkpoint on the first N test images, as a fraction.
clean_error() { # CHECKPOINT N
    "$root/robustgrid" eval --checkpoint "$1" --test-limit "$2" \
        | sed -n 's/.*clean error \([0-9.]*\) %.*/\1/p' \
        | python3 -c 'import sys; print(f"{float(sys.stdin.read()) / 100:.4f}")'
}

results=()
for seed in "${seeds[@]}"; do
    for method in random pbt; do
        name="fmnist-$method-s$seed"
        file="$ROBUSTGRID_HOME/$method-$seed.yaml"
        spec "$method" "$seed" > "$file"
        start=$(date +%s)
        "$root/robustgrid" sweep run "$file" --slots "$slots" --new --top 1 > "$logs/$method-s$seed.log"
        seconds=$(( $(date +%s) - start ))
        id=$("$root/robustgrid" sweep list --json | python3 -c '
import json, sys
print([s for s in json.load(sys.stdin) if s["name"] == sys.argv[1]][0]["sweepId"])' "$name")
        # The trial table, and the best trial's checkpoint (picked by the sweep on the first images).
        read -r best checkpoint < <("$root/robustgrid" sweep status "$id" --json | python3 -c '
import json, sys
status = json.load(sys.stdin)
with open(sys.argv[1], "w") as table:
    table.write("trial\tgeneration\tmember\tparent\tlearning_rate\tmomentum\tweight_decay\ttest_accuracy\t"
                "clean/error\n")
    for t in status["trials"]:
        step = t.get("population") or {}
        parent = (step.get("parentTrialId") or "-").split("/")[-1]
        row = [t["index"], step.get("generation", "-"), step.get("member", "-"), parent,
               t["parameters"]["learning_rate"], t["parameters"].get("momentum", "-"),
               t["parameters"].get("weight_decay", "-"), t["metrics"].get("test_accuracy", "-"),
               t["metrics"].get("clean/error", "-")]
        table.write("\t".join(map(str, row)) + "\n")
best = status["summary"]["bestTrialId"]
print(best, [t for t in status["trials"] if t["trialId"] == best][0]["checkpointPath"])' \
            "$logs/$method-s$seed.trials.tsv")
        seen=$(clean_error "$checkpoint" "$select_images")
        full=$(clean_error "$checkpoint" "$all_images")
        held=$(python3 -c 'import sys; s, f, n, a = map(float, sys.argv[1:])
print(f"{(f * a - s * n) / (a - n):.4f}")' "$seen" "$full" "$select_images" "$all_images")
        echo "seed $seed  $method  best trial ${best#*/}: clean/error $seen on the first" \
            "$select_images test images (selection), $held on the other $((all_images - select_images)) ($seconds s)"
        results+=("$method $seed $seen $held")
    done
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [line.split() for line in sys.stdin]
by = {}
for method, seed, seen, held in rows:
    by.setdefault(method, {})[seed] = (float(seen), float(held))
def spread(values):
    return statistics.stdev(values) if len(values) > 1 else 0.0
for method, seeds in by.items():
    for column, label in ((0, "selection images"), (1, "held-out images")):
        values = [v[column] for v in seeds.values()]
        print(f"{method:6s} mean clean/error on the {label:16s} {statistics.mean(values):.4f} ± "
              f"{spread(values):.4f} over {len(values)} seeds")
for column, label in ((0, "selection"), (1, "held-out")):
    paired = [by["pbt"][s][column] - by["random"][s][column] for s in by.get("pbt", {}) if s in by.get("random", {})]
    if not paired:
        continue
    wins = sum(d < 0 for d in paired)
    ties = sum(d == 0 for d in paired)
    error = spread(paired) / len(paired) ** 0.5
    each = " ".join(f"{d:+.4f}" for d in paired)
    print(f"pbt - random on the {label} images, per seed: {each}; mean {statistics.mean(paired):+.4f} ± "
          f"{error:.4f} (standard error); pbt lower with {wins} of {len(paired)} seeds, tied with {ties}")'
