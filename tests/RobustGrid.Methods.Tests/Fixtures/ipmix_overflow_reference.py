#!/usr/bin/env python3
"""Expected bytes for MixingTests' IPMix overflow test (needs torch and numpy; no RobustGrid).

IPMix's patch_mixing (hzlsaber/IPMix IPMix_utils.py) hands the unclipped add/multiply mix to ToPILImage, which for a
float tensor runs pic.mul(255).byte(). The inputs are the add and multiply formulas of IPMix_utils.py, written out
here with fixed (a, b) instead of get_ab's draws, on single pixels, plus a few plain values around the edges.
Run `python3 ipmix_overflow_reference.py` and paste its output into the test: each line is the float32 mix
(printed so that it round-trips) and the byte that .byte() makes of it.
"""
import numpy as np
import torch


def add(img1, img2, a, b):
    img1, img2 = img1 * 2 - 1, img2 * 2 - 1
    out = a * img1 + b * img2
    return (out + 1) / 2


def multiply(img1, img2, a, b):
    img1, img2 = img1 * 2, img2 * 2
    out = (img1 ** a) * (img2.clip(1e-37) ** b)
    return out / 2


def pixel(value):
    return torch.tensor([[[value]]], dtype=torch.float32)


mixes = []
for x1, x2, a, b in [(0.0, 0.0, 1.5, -0.1), (0.0, 1.0, 1.9, -0.05), (1.0, 0.0, 1.8, -0.05), (0.2, 1.0, 1.2, -0.9),
                     (1.0, 1.0, 0.9, 0.6), (0.9, 0.95, 1.7, -0.2)]:
    mixes.append(add(pixel(x1), pixel(x2), np.float32(a), np.float32(b)))
for x1, x2, a, b in [(1.0, 0.0, 1.2, -0.02), (1.0, 0.0, 1.2, -0.1), (1.0, 0.0, 1.5, -0.3), (0.9, 0.2, 1.6, -0.8),
                     (0.6, 0.3, 1.3, -0.5), (0.5, 0.5, 0.7, 0.2)]:
    mixes.append(multiply(pixel(x1), pixel(x2), np.float32(a), np.float32(b)))
for value in [-1.0, -0.5, -0.003, 0.0, 0.5, 1.0, 1.003, 1.004, 2.0, 11764.7, 65793.4, 3.9e16, float('inf'),
              float('-inf')]:
    mixes.append(pixel(value))
values = torch.cat([m.reshape(1) for m in mixes])
# Repeated to 4096 so that the vectorised cast runs too; both paths must agree.
bytes_ = values.mul(255).byte()
assert (values.repeat(4096).mul(255).byte().reshape(4096, -1) == bytes_).all()
for value, byte in zip(values.tolist(), bytes_.tolist()):
    literal = {float('inf'): "float.PositiveInfinity", float('-inf'): "float.NegativeInfinity"}.get(value)
    literal = literal or repr(np.float32(value)).replace("np.float32(", "").rstrip(")") + "f"
    print(f"({literal}, {byte}),")
