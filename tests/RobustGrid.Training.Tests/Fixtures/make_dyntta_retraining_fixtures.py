#!/usr/bin/env python3
"""Reference outputs of DynTTA's retraining ops (s-enmt/DynTTA CUB_dataset/augmix.py) at fixed levels.

Each op is restated here from the official semantics on real Pillow: ImageEnhance for color, brightness and
sharpness, ImageOps.scale plus the centre crop for scale, torchvision's PIL adjust_hue and adjust_gamma (restated,
torchvision is not needed), and numpy's FFT for LPF and HPF. Inputs are seeded random uint8 images, an RGB one and a
greyscale ("L") one. Run with /usr/bin/python3 (numpy, Pillow); writes dyntta_retraining_ops.json beside this file.
"""
import json
import os

import numpy as np
from PIL import Image, ImageEnhance, ImageOps


def enhance(kind):
    return lambda img, f: getattr(ImageEnhance, kind)(img).enhance(f)


def scale(img, f):
    w, h = img.size
    big = ImageOps.scale(img, f)
    bw, bh = big.size
    return big.crop(((bw - w) // 2, (bh - h) // 2, (bw + w) // 2, (bh + h) // 2))


def hue(img, f):
    if img.mode == "L":
        return img
    h, s, v = img.convert("HSV").split()
    np_h = np.array(h, dtype=np.uint8)
    with np.errstate(over="ignore", invalid="ignore"):
        np_h += np.array(f * 255).astype(np.uint8)  # truncates towards zero, then wraps modulo 256
    return Image.merge("HSV", (Image.fromarray(np_h, "L"), s, v)).convert(img.mode)


def gamma(img, g):
    table = [int((255 + 1 - 1e-3) * pow(v / 255.0, g)) for v in range(256)] * 3
    return img.convert("RGB").point(table).convert(img.mode)


def fourier(low_pass):
    def apply(img, radius):
        spectrum = np.fft.fftshift(np.fft.fft2(np.asarray(img)))
        h, w = spectrum.shape[-2:]
        cy, cx = int(h / 2), int(w / 2)
        yy, xx = np.ogrid[:h, :w]
        distance = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
        distance = distance / distance.max()
        inside = distance <= radius
        mask = inside if low_pass else ~inside
        back = np.fft.ifft2(np.fft.fftshift(spectrum * mask)).real
        with np.errstate(invalid="ignore"):
            return Image.fromarray(back.astype(np.uint8))
    return apply


OPS = {
    "color": enhance("Color"), "brightness": enhance("Brightness"), "sharpness": enhance("Sharpness"),
    "scale": scale, "hue": hue, "gamma": gamma, "LPF": fourier(True), "HPF": fourier(False),
}

CASES = [
    ("color", "rgb", 0.3), ("color", "rgb", 1.7), ("color", "grey", 0.3),
    ("brightness", "rgb", 0.6), ("brightness", "rgb", 1.5), ("brightness", "grey", 1.9),
    ("sharpness", "rgb", 0.2), ("sharpness", "rgb", 1.9), ("sharpness", "grey", 1.4),
    ("scale", "rgb", 0.75), ("scale", "rgb", 1.25), ("scale", "grey", 1.3), ("scale", "grey", 0.712),
    ("hue", "rgb", -0.48), ("hue", "rgb", 0.31), ("hue", "grey", 0.2),
    ("gamma", "rgb", 0.118), ("gamma", "rgb", 0.7), ("gamma", "grey", 0.45),
    ("LPF", "grey", 0.3), ("LPF", "grey", 1.0), ("LPF", "rgb", 0.5), ("HPF", "grey", 0.3), ("HPF", "rgb", 0.2),
]


def chw(img):
    array = np.asarray(img)
    return (array[None] if array.ndim == 2 else array.transpose(2, 0, 1)).astype(int)


def main():
    rng = np.random.RandomState(18)
    images = {
        # odd height and width: the RGB filters then show the official roll of an odd axis
        "rgb": Image.fromarray(rng.randint(0, 256, (11, 11, 3)).astype(np.uint8), "RGB"),
        "grey": Image.fromarray(rng.randint(0, 256, (12, 12)).astype(np.uint8), "L"),
    }
    fixture = {
        "images": {name: {"shape": list(chw(img).shape), "values": chw(img).ravel().tolist()}
                   for name, img in images.items()},
        "cases": [{"op": op, "image": name, "factor": factor,
                   "output": chw(OPS[op](images[name], factor)).ravel().tolist()} for op, name, factor in CASES],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dyntta_retraining_ops.json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
