#!/usr/bin/env bash
# On the GPU machine, from the project root, after ../shared/gpu/pack.sh bench/RobustGrid.Bench.Training/RobustGrid.Bench.Training.csproj
# and with carry [".gpu"]:  bash bench/gpu-training.sh
# Runs RobustGrid's and PyTorch's training steps side by side in one command and prints the ratios.
set -euo pipefail
source .gpu/device-env.sh
ours=$(dotnet .gpu/app/RobustGrid.Bench.Training.dll throughput --device cuda --models small-cnn,resnet18,wrn-40-2 --batches 128,512)
theirs=$(python3 bench/pytorch/train_throughput.py small-cnn,resnet18,wrn-40-2 128,512)
echo "$ours"; echo "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import sys
ours = {tuple(l.split(",")[:2]): l.split(",") for l in sys.argv[1].splitlines() if l and not l.startswith(("#", "model"))}
for l in sys.argv[2].splitlines()[1:]:
    m, b, mode, ips, mem = l.split(",")
    o = ours[(m, b)]
    print(f"{m:10s} batch {b:4s} ours {o[2]:>7s} img/s ({o[3]} MiB) vs pytorch {mode:18s} {ips:>7s} img/s ({mem} MiB): ratio {float(o[2]) / float(ips):.2f}")
PY
