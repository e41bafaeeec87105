#!/usr/bin/env python3
"""Expected outputs of DynTTA's kornia operations, from kornia v0.5.0's formulas written out with numpy.

kornia v0.5.0 (kornia/enhance/adjust.py, kornia/color/hsv.py, kornia/geometry/transform) is the release whose
formulas the operations follow; this script restates them (it imports neither kornia nor RobustGrid):
- sharpness(x, f): degenerate = clamp(conv(x, [[1,1,1],[1,5,1],[1,1,1]] / 13), 0, 1) inside a 1-pixel border kept
  from x; out = degenerate + f·(x − degenerate), clamped to [0, 1] unless 0 < f < 1.
- rotate(x, a) and scale(x, s): the affine map about the centre ((W − 1)/2, (H − 1)/2) of get_rotation_matrix2d
  ([[α, β], [−β, α]], α = s·cos a, β = s·sin a), sampled at its inverse with bilinear interpolation, zero padding and
  align_corners=True (v0.5.0's default), which makes the normalised grid an exact map of pixel centres.
- saturation / hue: rgb_to_hsv with eps 1e-6, S·f clamped / fmod(H + shift, 2π), hsv_to_rgb.

Usage: python3 make_kornia_fixtures.py > kornia_v050_ops.json
"""

import json
import math

import numpy as np

HEIGHT, WIDTH = 5, 6


def test_image():
    c, y, x = np.meshgrid(np.arange(3), np.arange(HEIGHT), np.arange(WIDTH), indexing="ij")
    # Multiples of 1/64 so that the input is exact in float32.
    return ((7 * x + 11 * y + 23 * c + 5 * x * y) % 61 + 2) / 64.0


def sharpness(img, factor):
    kernel = np.array([[1, 1, 1], [1, 5, 1], [1, 1, 1]], dtype=np.float64) / 13.0
    result = img.copy()
    for c in range(img.shape[0]):
        for y in range(1, img.shape[1] - 1):
            for x in range(1, img.shape[2] - 1):
                value = (img[c, y - 1:y + 2, x - 1:x + 2] * kernel).sum()
                result[c, y, x] = min(max(value, 0.0), 1.0)
    out = result + factor * (img - result)
    return out if 0.0 < factor < 1.0 else np.clip(out, 0.0, 1.0)


def warp(img, alpha, beta):
    cx, cy = (img.shape[2] - 1) / 2.0, (img.shape[1] - 1) / 2.0
    forward = np.array([[alpha, beta, (1 - alpha) * cx - beta * cy],
                        [-beta, alpha, beta * cx + (1 - alpha) * cy],
                        [0.0, 0.0, 1.0]])
    inverse = np.linalg.inv(forward)
    out = np.zeros_like(img)
    for y in range(img.shape[1]):
        for x in range(img.shape[2]):
            sx, sy, _ = inverse @ np.array([x, y, 1.0])
            x0, y0 = math.floor(sx), math.floor(sy)
            for dy in (0, 1):
                for dx in (0, 1):
                    px, py = x0 + dx, y0 + dy
                    if 0 <= px < img.shape[2] and 0 <= py < img.shape[1]:
                        weight = (1 - abs(sx - px)) * (1 - abs(sy - py))
                        out[:, y, x] += weight * img[:, py, px]
    return out


def rotate(img, degrees):
    radians = math.radians(degrees)
    return warp(img, math.cos(radians), math.sin(radians))


def scale(img, factor):
    return warp(img, factor, 0.0)


def rgb_to_hsv(img, eps=1e-6):
    maxc, minc = img.max(0), img.min(0)
    first_max = np.argmax(img == maxc[None], axis=0)
    delta = maxc - minc
    s = delta / (maxc + eps)
    delta = np.where(delta == 0, 1.0, delta)
    rc, gc, bc = maxc - img[0], maxc - img[1], maxc - img[2]
    candidates = np.stack([bc - gc, 2.0 * delta + rc - bc, 4.0 * delta + gc - rc])
    h = np.take_along_axis(candidates, first_max[None], 0)[0] / delta
    h = 2 * math.pi * ((h / 6.0) % 1.0)
    return np.stack([h, s, maxc])


def hsv_to_rgb(hsv):
    h, s, v = hsv[0] / (2 * math.pi), hsv[1], hsv[2]
    hi = np.floor(h * 6) % 6
    f = (h * 6) % 6 - hi
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    table = np.stack([v, q, p, p, t, v, t, v, v, q, p, p, p, p, t, v, v, q])
    hi = hi.astype(int)
    return np.stack([np.take_along_axis(table, (hi + 6 * k)[None], 0)[0] for k in range(3)])


def saturation(img, factor):
    hsv = rgb_to_hsv(img)
    hsv[1] = np.clip(hsv[1] * factor, 0.0, 1.0)
    return hsv_to_rgb(hsv)


def hue(img, shift):
    hsv = rgb_to_hsv(img)
    hsv[0] = np.fmod(hsv[0] + shift, 2 * math.pi)
    return hsv_to_rgb(hsv)


def main():
    img = test_image()
    cases = {
        "sharpness 0.5": sharpness(img, 0.5),
        "sharpness 3": sharpness(img, 3.0),
        "rotate 20": rotate(img, 20.0),
        "rotate -35": rotate(img, -35.0),
        "scale 1.25": scale(img, 1.25),
        "scale 0.8": scale(img, 0.8),
        "saturation 2": saturation(img, 2.0),
        "hue 1": hue(img, 1.0),
    }
    fixture = {"shape": list(img.shape), "input": img.ravel().tolist(),
               "cases": {name: out.ravel().tolist() for name, out in cases.items()}}
    print(json.dumps(fixture, indent=1))


if __name__ == "__main__":
    main()
