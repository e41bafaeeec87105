#!/bin/bash
# A real full CIFAR-10 epoch of ERM (390 of its 391 batches of 128: 3 warm-up + 387 timed; 390 × 128 = 49,920 images, so every batch is full), ours then the official AugMix loop with plain data.
# The official side needs AUGMIX_CHECKOUT, a google-research/augmix checkout at 9b9824c (bench/pytorch/official_epoch.py).
AUGMIX_CHECKOUT=${AUGMIX_CHECKOUT:+$(realpath -m -- "$AUGMIX_CHECKOUT")}
export AUGMIX_CHECKOUT
cd "$(dirname "$0")/../../.."
/usr/bin/python3 bench/pytorch/official_epoch.py --check-only --code augmix || exit
echo "# $(date -u +%FT%TZ) ours; $(uptime)"
/usr/bin/time -f "wall=%e user=%U sys=%S maxrss=%M KB" bench/RobustGrid.Bench.Methods/bin/Release/net10.0/linux-x64/RobustGrid.Bench.Methods --dataset cifar10 --model wrn-40-2 --batch 128 --steps 387 --threads 2 --methods erm 2>&1
echo "# $(date -u +%FT%TZ) official; $(uptime)"
/usr/bin/time -f "wall=%e user=%U sys=%S maxrss=%M KB" /usr/bin/python3 bench/pytorch/official_epoch.py --code augmix --mode erm --data /tmp/official/cifar10-jpg --batches 387 --warmup 3 --threads 2 --workers 4 2>&1 | grep -v "^per-batch"
echo "# $(date -u +%FT%TZ) done; $(uptime)"
