#!/usr/bin/env python3
"""Reference outputs of AugMix's geometric ops (google-research/augmix augmentations.py) at fixed levels.

rotate is Pillow's img.rotate(degrees, resample=BILINEAR); shear_x/shear_y and translate_x/translate_y are
img.transform(size, AFFINE, matrix, resample=BILINEAR) with the reference's matrices (1, s, 0, 0, 1, 0),
(1, 0, 0, s, 1, 0), (1, 0, t, 0, 1, 0) and (1, 0, 0, 0, 1, t). Inputs are seeded random uint8 images, a non-square
RGB one and a square greyscale ("L") one. Run with /usr/bin/python3 (numpy, Pillow); writes pil_geometric_ops.json
beside this file.
"""
import json
import os

import numpy as np
from PIL import Image


def affine(matrix):
    return lambda img, v: img.transform(img.size, Image.AFFINE, matrix(v), resample=Image.BILINEAR)


OPS = {
    "rotate": lambda img, degrees: img.rotate(degrees, resample=Image.BILINEAR),
    "shear_x": affine(lambda s: (1, s, 0, 0, 1, 0)),
    "shear_y": affine(lambda s: (1, 0, 0, s, 1, 0)),
    "translate_x": affine(lambda t: (1, 0, t, 0, 1, 0)),
    "translate_y": affine(lambda t: (1, 0, 0, 0, 1, t)),
}

CASES = [
    ("rotate", "rgb", 7), ("rotate", "rgb", -3), ("rotate", "rgb", 8), ("rotate", "rgb", 90),
    ("rotate", "grey", 5), ("rotate", "grey", -8),
    ("shear_x", "rgb", 0.087), ("shear_x", "grey", -0.05), ("shear_y", "rgb", -0.081), ("shear_y", "grey", 0.06),
    ("translate_x", "rgb", -3), ("translate_x", "grey", 2), ("translate_y", "rgb", 3), ("translate_y", "grey", -1),
]


def chw(img):
    array = np.asarray(img)
    return (array[None] if array.ndim == 2 else array.transpose(2, 0, 1)).astype(int)


def main():
    rng = np.random.RandomState(7)
    images = {
        "rgb": Image.fromarray(rng.randint(0, 256, (9, 11, 3)).astype(np.uint8), "RGB"),
        "grey": Image.fromarray(rng.randint(0, 256, (16, 16)).astype(np.uint8), "L"),
    }
    fixture = {
        "images": {name: {"shape": list(chw(img).shape), "values": chw(img).ravel().tolist()}
                   for name, img in images.items()},
        "cases": [{"op": op, "image": name, "value": value,
                   "output": chw(OPS[op](images[name], value)).ravel().tolist()} for op, name, value in CASES],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pil_geometric_ops.json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
