#!/usr/bin/env bash
# Packs the AugMix anchor run (#6: WRN-40-2, CIFAR-10, AugMix's recipe; RobustGrid.Bench.Training anchor) into .gpu/
# for the device tool (carry [".gpu"]; then run bench/gpu-anchor.sh there). The whole CIFAR-10 archive (19.7 MB)
# does not fit the 64 MiB carry beside the app, its .NET runtime and the tracked tree, so this packs a
# class-balanced slice of the training images (TRAIN_IMAGES, default 30,000: the first of each class by name, as
# RobustGrid's reader orders them) and the whole test set, plus the frost textures CIFAR-10-C needs. It refuses to
# finish when the carry would exceed 64 MiB.
#   bench/gpu-pack-anchor.sh               (from the project root)
set -euo pipefail
cd "$(dirname "$0")/.."
train_images=${TRAIN_IMAGES:-30000}
../shared/gpu/pack.sh bench/RobustGrid.Bench.Training/RobustGrid.Bench.Training.csproj .gpu
slice=$(mktemp -d)
trap 'rm -rf "$slice"' EXIT
tar -xzf ../shared/datasets/cifar10-jpg.tar.gz -C "$slice"
per_class=$((train_images / 10))
for class in "$slice"/train/*/; do
  ls "$class" | sort | tail -n +$((per_class + 1)) | sed "s|^|$class|" | xargs -r rm -f
done
mkdir -p .gpu/datasets
tar -C "$slice" -czf .gpu/datasets/cifar10-jpg.tar.gz train test
cp -r ../shared/datasets/frost .gpu/datasets/
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
pack=$(du -sb .gpu | cut -f1)
total=$((tree + pack))
echo "packed .gpu: $((pack / 1048576)) MiB ($(find "$slice/train" -name '*.jpg' | wc -l) training and $(find "$slice/test" -name '*.jpg' | wc -l) test images) + tracked tree $((tree / 1048576)) MiB = $((total / 1048576)) MiB of 64"
if [ "$total" -gt $((64 * 1048576)) ]; then echo "over the 64 MiB carry: lower TRAIN_IMAGES" >&2; exit 1; fi
