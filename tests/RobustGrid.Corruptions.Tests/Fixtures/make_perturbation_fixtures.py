#!/usr/bin/env python3
"""Makes the CIFAR-10-P fixtures of the perturbation tests from a checkout of the reference generator.

The reference is hendrycks/robustness, ImageNet-P/create_p/make_cifar_p.py (see README.md beside this file for the
commit). That script keeps every perturbation as a commented-out block inside its loop over CIFAR-10 images; this
script reads the file, takes its helper definitions and imports (everything above the dataset line), and runs the
block of each perturbation uncommented, unchanged, on each input image, as the loop would.

The translate, rotate, scale and zoom-blur blocks call torchvision's F.affine as it was when the reference was written
(torchvision 0.2 to 0.7): keyword `resample=`, rotation and scaling about the centre (w/2 + 1/2, h/2 + 1/2). Later
torchvision renamed the keyword to `interpolation=` (0.14 rejects `resample=`) and moved the default centre to
(w/2, h/2). The blocks therefore see an `affine` that takes the old keyword and passes the old centre explicitly to
the installed torchvision's F.affine, which builds the inverse matrix and has PIL transform the image; every other
name of torchvision.transforms.functional is the installed one. For these blocks that matrix is torchvision 0.2's bit
for bit, except that 0.2 divided the rotation by cos^2 + sin^2 as computed: one unit in the last place apart at 14 of
the 31 angles, which changes no frame of the fixture images (see README.md).

Usage, from the repository root:
    python3 tests/RobustGrid.Corruptions.Tests/Fixtures/make_perturbation_fixtures.py \
        --reference-checkout /path/to/robustness \
        --input tests/RobustGrid.Corruptions.Tests/Fixtures/input.npy.gz --out OUTDIR
"""

import argparse
import gzip
import os
import sys
import types

import numpy as np

REFERENCE_FILE = os.path.join("ImageNet-P", "create_p", "make_cifar_p.py")
DATASET_LINE = "test_data = dset.CIFAR10"
LOOP_INDENT = "    "
# Perturbations that draw no random numbers, by the name of their block in the reference.
BLOCKS = {"brightness": "Brightness", "tilt": "Tilt", "motion_blur": "Motion Blur", "translate": "Translate",
          "rotate": "Rotate", "scale": "Scale", "zoom_blur": "Zoom Blur"}
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
    namespace = {"__name__": "reference_perturbations"}
    exec(compile(text.split(DATASET_LINE)[0], path, "exec"), namespace)
    namespace["trn_F"] = pil_era_functional(namespace["trn_F"])
    return namespace


def pil_era_functional(functional):
    """torchvision.transforms.functional with affine's PIL-era keyword and default centre (see the docstring)."""
    modes = {0: functional.InterpolationMode.NEAREST, 2: functional.InterpolationMode.BILINEAR}

    def affine(img, angle, translate, scale, shear, resample=0):
        width, height = img.size
        return functional.affine(img, angle, list(translate), scale, shear, interpolation=modes[resample],
                                 center=[width * 0.5 + 0.5, height * 0.5 + 0.5])

    return types.SimpleNamespace(**{**vars(functional), "affine": affine})


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
