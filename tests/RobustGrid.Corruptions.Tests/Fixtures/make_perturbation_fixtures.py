#!/usr/bin/env python3
"""Makes the CIFAR-10-P fixtures of the perturbation tests from a checkout of the reference generator.

The reference is hendrycks/robustness, ImageNet-P/create_p/make_cifar_p.py (see README.md beside this file for the
commit). That script keeps every perturbation as a commented-out block inside its loop over CIFAR-10 images; this
script reads the file, takes its helper definitions (everything above the dataset line, without the torch and
torchvision imports, which the blocks used here do not need), and runs the block of each perturbation uncommented,
unchanged, on each input image, as the loop would.

Usage, from the repository root:
    python3 tests/RobustGrid.Corruptions.Tests/Fixtures/make_perturbation_fixtures.py \
        --reference-checkout /path/to/robustness \
        --input tests/RobustGrid.Corruptions.Tests/Fixtures/input.npy.gz --out OUTDIR
"""

import argparse
import gzip
import os
import sys

import numpy as np

REFERENCE_FILE = os.path.join("ImageNet-P", "create_p", "make_cifar_p.py")
DATASET_LINE = "test_data = dset.CIFAR10"
TORCH_IMPORTS = ("import torch", "import torchvision")
LOOP_INDENT = "    "
# Perturbations that draw no random numbers and need no torchvision, by the name of their block in the reference.
BLOCKS = {"brightness": "Brightness", "tilt": "Tilt", "motion_blur": "Motion Blur"}
IMAGES = 4


def reference_text(checkout):
    path = os.path.join(checkout, REFERENCE_FILE)
    if not os.path.isfile(path):
        sys.exit(f"reference file not found: {path} (give a checkout of hendrycks/robustness)")
    with open(path, encoding="utf-8") as source:
        return path, source.read()


def helpers(path, text):
    if DATASET_LINE not in text:
        sys.exit(f"{path} has no '{DATASET_LINE}' line; is this the expected commit?")
    kept = [line for line in text.split(DATASET_LINE)[0].splitlines()
            if not line.strip().startswith(TORCH_IMPORTS)]
    namespace = {"__name__": "reference_perturbations"}
    exec(compile("\n".join(kept), path, "exec"), namespace)
    return namespace


def block(path, text, title):
    start = f"# /////////////// {title} Code ///////////////"
    end = f"# /////////////// End {title} Code ///////////////"
    if start not in text or end not in text:
        sys.exit(f"{path}: no '{title}' block")
    lines = []
    for line in text.split(start)[1].split(end)[0].splitlines():
        if not line.strip():
            continue
        code = line[len(LOOP_INDENT):] if line.startswith(LOOP_INDENT) else line
        if not code.startswith("#"):
            sys.exit(f"{path}: the '{title}' block is expected to be commented out: {line!r}")
        lines.append(code[2:] if code.startswith("# ") else code[1:])
    return compile("\n".join(lines), f"{path}:{title}", "exec")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference-checkout", required=True)
    parser.add_argument("--input", required=True, help="uint8 [N, 32, 32, 3] .npy.gz")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with gzip.open(args.input, "rb") as stream:
        images = np.load(stream)[:IMAGES]
    path, text = reference_text(args.reference_checkout)
    namespace = helpers(path, text)
    os.makedirs(args.out, exist_ok=True)
    for name, title in BLOCKS.items():
        code = block(path, text, title)
        sequences = []
        for img in images:
            scope = dict(namespace, img=img, seq=[])
            exec(code, scope)
            sequences.append(np.stack([np.uint8(frame) for frame in scope["seq"]]))
        # [frames, images, 32, 32, 3], frame-major like the corruption fixtures' severity-major layout.
        frames = np.stack(sequences).transpose(1, 0, 2, 3, 4).copy()
        target = os.path.join(args.out, f"reference_p_{name}.npy.gz")
        with gzip.GzipFile(target, "wb", compresslevel=9, mtime=0) as stream:
            np.save(stream, frames)
        print(f"{target}: {frames.shape}")


if __name__ == "__main__":
    main()
