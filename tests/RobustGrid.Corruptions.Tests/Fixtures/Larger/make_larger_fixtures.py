#!/usr/bin/env python3
"""Makes the 64 and 224 pixel reference fixtures of the corruption fidelity tests from a checkout of the reference.

The reference is hendrycks/robustness: ImageNet-C/create_c/make_tinyimagenet_c.py (64 px) and make_imagenet_c.py
(224 px); README.md beside this file names the commit. As for the 32 px fixtures, only the distortion functions run:
each file is cut at its "End Distortions" marker, its torch imports are dropped, and torch's data module is stood in
by a stub so that the (unused) dataset class still defines. No PyTorch is needed and nothing is downloaded.

Inputs are the first CIFAR-10 test images of ../input.npy.gz enlarged with PIL's bicubic resize (Tiny-ImageNet's own
images are 64 px photographs; ImageNet-C's are resized to 256 and centre-cropped to 224), so both sides read the same
bytes. For each size it writes input.npy.gz, reference_<name>.npy.gz (uint8 [5, N, S, S, 3]) for the corruptions that
draw no random numbers, and the motion blur at fixed angles with those angles. With --random-stats SIZE it writes, for
64 or 224 px, random_input.npy.gz and reference_random_stats.json: the mean and RMS change of each random corruption
and severity after np.random.seed(0). At 64 px that is 32 images, each corrupted once. At 224 px it is 8 images,
which keeps the committed input small, corrupted in several passes where one draw per image decides much of the change
(PASSES_224).

Usage, from the repository root (frost textures are opened relative to the working directory, as in the reference):
    cd ../shared/datasets/frost
    /usr/bin/python3 <repo>/tests/RobustGrid.Corruptions.Tests/Fixtures/Larger/make_larger_fixtures.py \
        --reference-checkout /path/to/robustness --input <repo>/tests/RobustGrid.Corruptions.Tests/Fixtures/input.npy.gz \
        --out OUTDIR
"""

import argparse
import gzip
import json
import os
import sys
import time
import types

import numpy as np
from PIL import Image

END_MARKER = "# /////////////// End Distortions ///////////////"
SCRIPTS = {64: "make_tinyimagenet_c.py", 224: "make_imagenet_c.py"}
IMAGES = {64: 4, 224: 1}
DETERMINISTIC = ["defocus_blur", "zoom_blur", "brightness", "contrast", "pixelate", "jpeg_compression",
                 "gaussian_blur", "saturate"]
SEVERITIES = range(1, 6)


def load_distortions(checkout, script):
    path = os.path.join(checkout, "ImageNet-C", "create_c", script)
    if not os.path.isfile(path):
        sys.exit(f"reference file not found: {path} (give a checkout of hendrycks/robustness)")
    with open(path, encoding="utf-8") as source:
        text = source.read()
    if END_MARKER not in text:
        sys.exit(f"{path} has no '{END_MARKER}' line; is this the expected commit?")
    kept = [line for line in text.split(END_MARKER)[0].splitlines()
            if not line.strip().startswith(("import torch", "from torch"))]
    namespace = {"__name__": "reference_distortions", "data": types.SimpleNamespace(Dataset=object)}
    exec(compile("\n".join(kept), path, "exec"), namespace)
    return namespace


def enlarged_inputs(path, size, count):
    with gzip.open(path, "rb") as stream:
        images = np.load(stream)
    return np.stack([np.asarray(Image.fromarray(image).resize((size, size), Image.BICUBIC))
                     for image in images[:count]])


def save_gz(path, array):
    with gzip.open(path, "wb", compresslevel=9) as stream:
        np.save(stream, array)


class FixedAngleNumpy(types.ModuleType):
    """numpy as the reference's motion blur sees it, except that its one uniform draw (the angle) is given."""

    def __init__(self, angle):
        super().__init__("numpy")
        self.random = types.SimpleNamespace(uniform=lambda low, high: angle)

    def __getattr__(self, attribute):
        return getattr(np, attribute)


def write_size(distortions, images, out):
    os.makedirs(out, exist_ok=True)
    save_gz(os.path.join(out, "input.npy.gz"), images)
    for name in DETERMINISTIC:
        result = np.stack([np.stack([np.uint8(distortions[name](Image.fromarray(image), severity))
                                     for image in images]) for severity in SEVERITIES])
        save_gz(os.path.join(out, f"reference_{name}.npy.gz"), result)
        print(f"{out}/reference_{name}.npy.gz {result.shape}", flush=True)
    count = len(images)
    angles = np.array([-45 + 90 * (j + 0.5) / count for j in range(count)], dtype=np.float64)
    motion_blur = distortions["motion_blur"]
    result = np.empty((len(SEVERITIES),) + images.shape, dtype=np.uint8)
    try:
        for s, severity in enumerate(SEVERITIES):
            for j in range(count):
                motion_blur.__globals__["np"] = FixedAngleNumpy(angles[j])
                result[s, j] = np.uint8(motion_blur(Image.fromarray(images[j]), severity))
    finally:
        motion_blur.__globals__["np"] = np
    save_gz(os.path.join(out, "reference_motion_blur_fixed_angles.npy.gz"), result)
    np.save(os.path.join(out, "motion_blur_angles.npy"), angles)


RANDOM = ["gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise", "glass_blur", "motion_blur", "snow",
          "frost", "fog", "elastic_transform", "spatter"]
RANDOM_STATS_IMAGES = {64: 32, 224: 8}
# Passes over the 8 images at 224 px, per corruption, so that each side's sampling noise stays well inside the tests'
# tolerances at a test cost of about a minute of CPU. Each image holds 150,528 values, so one pass pins down the
# corruptions drawn per element (the noises, glass blur's offsets), and two do for snow's many flakes. Eight (64
# draws) for those drawn once per image (an angle, a plasma map, an affine, a liquid layer whose few splashes set the
# image's maximum), and 40 for frost: its five textures change an image by 37 to 85 levels on average, so the texture
# draw dominates.
PASSES_224 = {"gaussian_noise": 1, "shot_noise": 1, "impulse_noise": 1, "speckle_noise": 1, "glass_blur": 1,
              "motion_blur": 8, "snow": 2, "frost": 40, "fog": 8, "elastic_transform": 8, "spatter": 8}


def statistics(clean, corrupted):
    diff = corrupted.astype(np.float64) - clean.astype(np.float64)
    return {"mean_abs_diff": float(np.abs(diff).mean()), "rms_diff": float(np.sqrt((diff ** 2).mean()))}


def write_random_stats(distortions, images, passes, out):
    """Size of the change per random corruption and severity after np.random.seed(0), as for the 32 px fixtures.

    One seed before everything; corruptions in RANDOM's order, then severity, then pass, then image. The statistics
    of a severity pool all passes (the tests tile the input the same number of times).
    """
    np.random.seed(0)
    stats = {}
    started = time.perf_counter()
    for name in RANDOM:
        start = time.perf_counter()
        clean = np.concatenate([images] * passes[name])
        stats[name] = [statistics(clean, np.stack([np.uint8(distortions[name](Image.fromarray(image), severity))
                                                   for image in clean])) for severity in SEVERITIES]
        print(f"statistics of {name}: {time.perf_counter() - start:.1f} s", flush=True)
    print(f"all random corruptions: {time.perf_counter() - started:.1f} s", flush=True)
    os.makedirs(out, exist_ok=True)
    save_gz(os.path.join(out, "random_input.npy.gz"), images)
    with open(os.path.join(out, "reference_random_stats.json"), "w", encoding="utf-8") as stream:
        json.dump({"images": int(len(images)), "passes": passes, "numpy_seed": 0, "stats": stats}, stream, indent=1)


def time_per_image(distortions, image, names, repeats):
    """Wall and CPU seconds per image for each corruption at severity 3, as the reference's generator spends them.

    On a shared machine the CPU time (this process's) is the per-core figure; wall time includes waiting for a core.
    """
    np.random.seed(0)
    wall, cpu = {}, {}
    for name in names:
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(repeats):
            np.uint8(distortions[name](Image.fromarray(image), 3))
        wall[name] = (time.perf_counter() - start) / repeats
        cpu[name] = (time.process_time() - start_cpu) / repeats
        print(f"{name}: {wall[name] * 1000:.1f} ms/image wall, {cpu[name] * 1000:.1f} ms/image cpu", flush=True)
    print(f"all {len(names)}: {sum(wall.values()):.3f} s wall, {sum(cpu.values()):.3f} s cpu per image through every "
          f"corruption: {len(names) / sum(cpu.values()):.2f} corrupted images per cpu-second", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference-checkout", required=True, help="checkout of hendrycks/robustness")
    parser.add_argument("--input", required=True, help="the 32 px fixtures' input.npy.gz")
    parser.add_argument("--out", help="folder the fixtures are written to (a subfolder per size)")
    parser.add_argument("--time", type=int, metavar="REPEATS",
                        help="instead of fixtures, time each 224 px corruption at severity 3 on one image")
    parser.add_argument("--random-stats", type=int, nargs="?", const=64, choices=sorted(RANDOM_STATS_IMAGES),
                        metavar="SIZE", help="instead of the pixel fixtures, the random corruptions' statistics at "
                                             "SIZE px (64 or 224; 64 when no size is given)")
    args = parser.parse_args()
    if args.time:
        distortions = load_distortions(args.reference_checkout, SCRIPTS[224])
        names = ["gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur",
                 "zoom_blur", "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate",
                 "jpeg_compression", "speckle_noise", "gaussian_blur", "spatter", "saturate"]
        time_per_image(distortions, enlarged_inputs(args.input, 224, 1)[0], names, args.time)
        return
    if not args.out:
        sys.exit("--out is required unless --time is given")
    if args.random_stats:
        size = args.random_stats
        passes = PASSES_224 if size == 224 else {name: 1 for name in RANDOM}
        distortions = load_distortions(args.reference_checkout, SCRIPTS[size])
        write_random_stats(distortions, enlarged_inputs(args.input, size, RANDOM_STATS_IMAGES[size]), passes,
                           os.path.join(args.out, str(size)))
        return
    for size, script in SCRIPTS.items():
        distortions = load_distortions(args.reference_checkout, script)
        write_size(distortions, enlarged_inputs(args.input, size, IMAGES[size]), os.path.join(args.out, str(size)))


if __name__ == "__main__":
    main()
