"""Writes the distance_<size>_*.npy.gz fixtures: OpenCV's distanceTransform(DIST_L2, 5) and the 3x3 box blur that
spatter applies to its truncated output, on seeded binary masks (0 = seed, 255 = elsewhere, as spatter passes
255 - Canny); and canny_224_*.npy.gz: cv2.Canny(layer, 50, 150) of four liquid layers. See README.md for packages
and command."""
import argparse
import gzip
import os

import cv2
import numpy as np
from skimage.filters import gaussian


def liquid_layer(rng, size, loc, scale, sigma, threshold):
    # The reference spatter's liquid layer in bytes, as its water mode hands it to Canny.
    liquid = gaussian(rng.normal(size=(size, size), loc=loc, scale=scale), sigma=sigma)
    liquid[liquid < threshold] = 0
    return (liquid * 255).astype(np.uint8)


def canny_mask(rng, size, loc, scale, sigma, threshold):
    return 255 - cv2.Canny(liquid_layer(rng, size, loc, scale, sigma, threshold), 50, 150)


def random_mask(rng, size, fraction):
    return np.where(rng.random((size, size)) < fraction, 0, 255).astype(np.uint8)


def save(path, array):
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as f:
        np.save(f, array)


def write(out, name, masks):
    masks = np.stack(masks).astype(np.uint8)
    dist = np.stack([cv2.distanceTransform(m, cv2.DIST_L2, 5) for m in masks]).astype(np.float32)
    blurred = np.stack([cv2.blur(cv2.threshold(d, 20, 20, cv2.THRESH_TRUNC)[1], (3, 3)) for d in dist])
    save(os.path.join(out, f"distance_{name}_masks.npy.gz"), masks)
    save(os.path.join(out, f"distance_{name}_l2_mask5.npy.gz"), dist)
    save(os.path.join(out, f"distance_{name}_blurred.npy.gz"), blurred.astype(np.float32))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(20261207)
    small = [
        canny_mask(rng, 32, 0.62, 0.1, 0.7, 0.7),
        canny_mask(rng, 32, 0.65, 0.3, 1, 0.69),
        random_mask(rng, 32, 0.03),
        random_mask(rng, 32, 0.0),  # no seed at all: OpenCV's "infinite" distances
    ]
    single = np.full((32, 32), 255, np.uint8)
    single[0, 31] = 0  # one seed in a corner: long chamfer paths
    small.append(single)
    write(args.out, "32", small)
    write(args.out, "224", [canny_mask(rng, 224, 0.65, 0.3, 4, 0.69)])
    layers = np.stack([liquid_layer(rng, 224, 0.65, 0.3, 4, 0.69) for _ in range(4)])
    save(os.path.join(args.out, "canny_224_layers.npy.gz"), layers)
    save(os.path.join(args.out, "canny_224_edges.npy.gz"), np.stack([cv2.Canny(l, 50, 150) for l in layers]))


if __name__ == "__main__":
    main()
