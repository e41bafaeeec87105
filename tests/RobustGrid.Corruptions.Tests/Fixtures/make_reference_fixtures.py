#!/usr/bin/env python3
"""Regenerates the reference fixtures of the corruption fidelity tests from a checkout of the reference generator.

The reference is hendrycks/robustness, ImageNet-C/create_c/make_cifar_c.py (see README.md beside this file for the
commit). Only its distortion functions run: the file is cut at its "End Distortions" marker so that its driver, which
downloads CIFAR-10 and writes the full benchmark, never runs, and its unused torch imports are dropped so that no
PyTorch is needed.

Usage, from the repository root (frost textures are opened relative to the working directory, as the reference does):
    cd ../shared/datasets/frost
    python3 <repo>/tests/RobustGrid.Corruptions.Tests/Fixtures/make_reference_fixtures.py \
        --reference-checkout /path/to/robustness --input <repo>/tests/RobustGrid.Corruptions.Tests/Fixtures/input.npy.gz \
        --out OUTDIR
"""

import argparse
import gzip
import json
import os
import sys
import types

import numpy as np
from PIL import Image

REFERENCE_FILE = os.path.join("ImageNet-C", "create_c", "make_cifar_c.py")
END_MARKER = "# /////////////// End Distortions ///////////////"
TORCH_IMPORTS = ("import torch", "import torchvision")

# Corruptions that draw no random numbers: compared pixel by pixel.
DETERMINISTIC = ["defocus_blur", "zoom_blur", "brightness", "contrast", "pixelate", "jpeg_compression",
                 "gaussian_blur", "saturate"]
# Corruptions that draw random numbers, in the order their statistics are produced after one seed.
RANDOM = ["gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise", "glass_blur", "motion_blur", "snow",
          "frost", "fog", "elastic_transform", "spatter"]
SEVERITIES = range(1, 6)
NUMPY_SEED = 0


def load_distortions(checkout):
    path = os.path.join(checkout, REFERENCE_FILE)
    if not os.path.isfile(path):
        sys.exit(f"reference file not found: {path} (give a checkout of hendrycks/robustness)")
    with open(path, encoding="utf-8") as source:
        text = source.read()
    if END_MARKER not in text:
        sys.exit(f"{path} has no '{END_MARKER}' line; is this the expected commit?")
    kept = [line for line in text.split(END_MARKER)[0].splitlines()
            if not line.strip().startswith(TORCH_IMPORTS)]
    namespace = {"__name__": "reference_distortions"}
    exec(compile("\n".join(kept), path, "exec"), namespace)
    return namespace


def read_input(path):
    with gzip.open(path, "rb") as stream:
        images = np.load(stream)
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[1:] != (32, 32, 3):
        sys.exit(f"{path}: expected uint8 [N, 32, 32, 3], got {images.dtype} {images.shape}")
    return images


def corrupt(distortions, name, image, severity):
    # The reference driver feeds a PIL RGB image and casts the result with np.uint8; do the same.
    return np.uint8(distortions[name](Image.fromarray(image), severity))


def save_gz(path, array):
    with gzip.open(path, "wb", compresslevel=9) as stream:
        np.save(stream, array)


def write_deterministic(distortions, images, count, out):
    for name in DETERMINISTIC:
        result = np.stack([np.stack([corrupt(distortions, name, image, severity) for image in images[:count]])
                           for severity in SEVERITIES])
        save_gz(os.path.join(out, f"reference_{name}.npy.gz"), result)
        print(f"reference_{name}.npy.gz {result.shape}", flush=True)


class FixedAngleNumpy(types.ModuleType):
    """numpy as the reference's motion blur sees it, except that its one uniform draw (the angle) is given."""

    def __init__(self, angle):
        super().__init__("numpy")
        self.random = types.SimpleNamespace(uniform=lambda low, high: angle)

    def __getattr__(self, attribute):
        return getattr(np, attribute)


def write_fixed_angle_motion_blur(distortions, images, count, out):
    angles = np.array([-45 + 90 * (j + 0.5) / count for j in range(count)], dtype=np.float64)
    motion_blur = distortions["motion_blur"]
    result = np.empty((len(SEVERITIES), count, 32, 32, 3), dtype=np.uint8)
    try:
        for s, severity in enumerate(SEVERITIES):
            for j in range(count):
                motion_blur.__globals__["np"] = FixedAngleNumpy(angles[j])
                result[s, j] = np.uint8(motion_blur(Image.fromarray(images[j]), severity))
    finally:
        motion_blur.__globals__["np"] = np
    save_gz(os.path.join(out, "reference_motion_blur_fixed_angles.npy.gz"), result)
    np.save(os.path.join(out, "motion_blur_angles.npy"), angles)
    print(f"reference_motion_blur_fixed_angles.npy.gz {result.shape}", flush=True)


def statistics(clean, corrupted):
    clean = clean.astype(np.float64)
    output = corrupted.astype(np.float64)
    diff = output - clean
    changed = output != clean
    return {
        "mean_abs_diff": float(np.abs(diff).mean()),
        "rms_diff": float(np.sqrt((diff ** 2).mean())),
        "mean_diff": float(diff.mean()),
        "fraction_changed": float(changed.mean()),
        "fraction_extreme_new": float((changed & ((output == 0) | (output == 255))).mean()),
        "output_mean": float(output.mean()),
        "output_std": float(output.std()),
    }


def write_random_stats(distortions, images, out):
    np.random.seed(NUMPY_SEED)
    stats = {}
    for name in RANDOM:
        stats[name] = []
        for severity in SEVERITIES:
            corrupted = np.stack([corrupt(distortions, name, image, severity) for image in images])
            stats[name].append(statistics(images, corrupted))
        print(f"statistics of {name}", flush=True)
    document = {"images": int(len(images)), "numpy_seed": NUMPY_SEED, "stats": stats}
    with open(os.path.join(out, "reference_random_stats.json"), "w", encoding="utf-8") as stream:
        json.dump(document, stream, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference-checkout", required=True, help="checkout of hendrycks/robustness")
    parser.add_argument("--input", required=True, help="input.npy.gz: uint8 [N, 32, 32, 3] clean images")
    parser.add_argument("--out", required=True, help="folder the fixtures are written to")
    parser.add_argument("--compared", type=int, default=48, help="images in the pixel-by-pixel fixtures")
    parser.add_argument("--statistics-images", type=int, default=200, help="images in the random statistics")
    args = parser.parse_args()

    distortions = load_distortions(args.reference_checkout)
    images = read_input(args.input)
    if len(images) < max(args.compared, args.statistics_images):
        sys.exit(f"{args.input} has {len(images)} images; need {max(args.compared, args.statistics_images)}")
    os.makedirs(args.out, exist_ok=True)
    write_deterministic(distortions, images, args.compared, args.out)
    write_fixed_angle_motion_blur(distortions, images, args.compared, args.out)
    write_random_stats(distortions, images[:args.statistics_images], args.out)


if __name__ == "__main__":
    main()
