#!/usr/bin/env bash
# Packs what bench/gpu-training.sh runs into .gpu/ (carry [".gpu"] with the device tool): the training-throughput,
# methods and corruption benches share one app folder and one .NET runtime. No datasets but the frost textures: the
# benches run on synthetic images on the GPU, since ../shared/gpu/pack.sh --data (21 MB) with the tree would overrun
# the 64 MiB carry.
#   bench/gpu-pack.sh        (from the project root; about 42 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
pack=../shared/gpu/pack.sh
"$pack" bench/RobustGrid.Bench.Training/RobustGrid.Bench.Training.csproj .gpu
# Further packs only for their stripped app folders: the shared assemblies are the same versions (central packages).
for bench in Methods Corruptions; do
  "$pack" "bench/RobustGrid.Bench.$bench/RobustGrid.Bench.$bench.csproj" .gpu-extra
  cp -n .gpu-extra/app/* .gpu/app/
done
rm -rf .gpu-extra
sed -i '\|^/.gpu-extra/$|d' .git/info/exclude
# The frost textures (2 MB), the one dataset asset the corruption bench cannot do without.
mkdir -p .gpu/datasets && cp -r ../shared/datasets/frost .gpu/datasets/
du -sh .gpu | awk '{print "packed .gpu with the training, methods and corruption benches: " $1}'
