"""Cross-check RobustGrid's APGD-CE (and time AutoAttack) against the reference fra31/auto-attack.

Inputs come from `RobustGrid.Bench.Adversarial export <dir>`:
  model.safetensors   the project small-cnn's state_dict (PyTorch parameter names)
  images.safetensors  'images' N x 1 x 28 x 28 float32 in [0, 1], 'labels' int64
  ours.json           RobustGrid's clean and APGD-CE robust accuracy on those images

Usage (on a machine with PyTorch; the reference is imported from a checkout, no network needed):
  python apgd_crosscheck.py <dir> --autoattack-path /path/to/auto-attack [--device cuda] [--full]

Prints the reference's robust accuracy next to ours and exits non-zero if APGD-CE differs by more than one point.
--full also times the standard AutoAttack (images/s) for docs/benchmarks.md.
"""
import argparse
import json
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_safetensors(path):
    """Reads the safetensors layout without the safetensors package: u64 header length, JSON header, raw data."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    dtypes = {"F32": np.float32, "I64": np.int64, "U8": np.uint8}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=dtypes[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


class SmallCnn(nn.Module):
    """The project's small-cnn (src/RobustGrid.Training/Models/SmallCnn.cs), same layers and parameter names."""

    def __init__(self, channels=1, classes=10, size=28):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(64 * (size // 4) * (size // 4), 128)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class Normalized(nn.Module):
    """Pixels in [0, 1] -> (x - mean) / std -> model, as RobustGrid's ImageClassifier does."""

    def __init__(self, model, mean=0.2860, std=0.3530):
        super().__init__()
        self.model, self.mean, self.std = model, mean, std

    def forward(self, x):
        return self.model((x - self.mean) / self.std)


def robust_accuracy(model, x, y, norm, eps, attacks, device, n_restarts_apgd=1):
    from autoattack import AutoAttack

    version = "standard" if attacks == "standard" else "custom"
    adversary = AutoAttack(model, norm=norm, eps=eps, version=version, seed=0, device=device,
                           attacks_to_run=[] if version == "standard" else attacks, verbose=False)
    # 'custom' keeps the constructor's 5 APGD restarts; the standard version (and RobustGrid) uses 1.
    adversary.apgd.n_restarts = n_restarts_apgd
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    start = time.time()
    x_adv = adversary.run_standard_evaluation(x, y, bs=250)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    seconds = time.time() - start
    with torch.no_grad():
        accuracy = (model(x_adv).argmax(1) == y).float().mean().item()
    return accuracy, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--autoattack-path", default=None, help="folder that contains the 'autoattack' package")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--full", action="store_true", help="also time the standard AutoAttack")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N images")
    parser.add_argument("--skip-apgd", action="store_true", help="skip the APGD-CE comparison (with --full)")
    args = parser.parse_args()
    if args.autoattack_path:
        sys.path.insert(0, args.autoattack_path)

    state = load_safetensors(f"{args.dir}/model.safetensors")
    data = load_safetensors(f"{args.dir}/images.safetensors")
    ours = json.load(open(f"{args.dir}/ours.json"))
    net = SmallCnn()
    net.load_state_dict(state)
    model = Normalized(net).to(args.device).eval()
    x, y = data["images"][: args.limit].to(args.device), data["labels"][: args.limit].to(args.device)
    with torch.no_grad():
        clean = (model(x).argmax(1) == y).float().mean().item()
    if args.limit is None:
        print(f"clean accuracy: reference model {clean:.2%}, RobustGrid {ours['clean']:.2%}")
    else:
        print(f"clean accuracy on the first {len(y)} images: {clean:.2%}")

    worst = 0.0
    checks = [] if args.skip_apgd else [("Linf", 8 / 255, "apgd-ce-linf-8/255"), ("L2", 0.5, "apgd-ce-l2-0.5")]
    if args.limit is not None and checks:
        print("note: ours.json was computed on all exported images; compare with --limit only for timing")
    for norm, eps, key in checks:
        accuracy, seconds = robust_accuracy(model, x, y, norm, eps, ["apgd-ce"], args.device)
        difference = abs(accuracy - ours[key]) * 100
        worst = max(worst, difference)
        print(f"{key}: reference {accuracy:.2%}, RobustGrid {ours[key]:.2%}, difference {difference:.2f} points, "
              f"reference {seconds:.1f} s, {len(y) / seconds:.3f} images/s on {args.device}")
    if args.full:
        accuracy, seconds = robust_accuracy(model, x, y, "Linf", 8 / 255, "standard", args.device)
        print(f"autoattack-linf-8/255: reference {accuracy:.2%} on {len(y)} images, {seconds:.1f} s, "
              f"{len(y) / seconds:.3f} images/s on {args.device}")
    print("AGREE within one point" if worst <= 1.0 else "DISAGREE by more than one point")
    sys.exit(0 if worst <= 1.0 else 1)


if __name__ == "__main__":
    main()
