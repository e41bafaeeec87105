#!/usr/bin/env bash
# Packs what bench/gpu-training.sh runs into .gpu/ (carry [".gpu"] with the device tool): the training-throughput
# bench and the methods bench share one app folder and one .NET runtime. No datasets: both benches run on synthetic
# images on the GPU, since ../shared/gpu/pack.sh --data (21 MB) with the tree would overrun the 64 MiB carry.
#   bench/gpu-pack.sh        (from the project root; about 42 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
pack=../shared/gpu/pack.sh
"$pack" bench/RobustGrid.Bench.Training/RobustGrid.Bench.Training.csproj .gpu
# A second pack only for its stripped app folder: the shared assemblies are the same versions (central packages).
"$pack" bench/RobustGrid.Bench.Methods/RobustGrid.Bench.Methods.csproj .gpu-methods
cp -n .gpu-methods/app/* .gpu/app/
rm -rf .gpu-methods
sed -i '\|^/.gpu-methods/$|d' .git/info/exclude
du -sh .gpu | awk '{print "packed .gpu with the training and methods benches: " $1}'
