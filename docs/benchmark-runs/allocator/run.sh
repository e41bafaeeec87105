#!/bin/bash
# The allocator comparison of docs/benchmarks.md, "Native allocator": jemalloc and glibc alternating twice.
# Run under the benchmark lock: flock /tmp/robustgrid-bench.lock docs/benchmark-runs/allocator/run.sh
cd "$(dirname "$0")/../../.."
B=bench/RobustGrid.Bench.Methods/bin/Release/net10.0/linux-x64/RobustGrid.Bench.Methods
for a in jemalloc system jemalloc system; do
  echo "=== allocator $a $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  ROBUSTGRID_ALLOCATOR=$a /usr/bin/time -f "wall=%e user=%U sys=%S maxrss=%M KB" $B --dataset cifar10 --model wrn-40-2 --batch 128 --threads 2 --steps 6 --methods erm,augmix,ipmix --per-step 2>&1
  ROBUSTGRID_ALLOCATOR=$a /usr/bin/time -f "wall=%e user=%U sys=%S maxrss=%M KB" $B --dataset cifar10 --model wrn-40-2 --batch 128 --threads 1 --steps 12 --augment-only 2>&1 | grep -E "augmentation|wall="
done
echo "=== done $(date -u +%H:%M:%S)"
