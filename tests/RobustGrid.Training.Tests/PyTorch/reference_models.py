#!/usr/bin/env python3
"""PyTorch reference definitions of RobustGrid's architectures, for the weight round-trip tests.

Each module is written from its published description under the published parameter names (torchvision's ResNet-50,
RobustBench's PreActResNet-18 and WideResNet, kuangliu's CIFAR ResNet-18, AugMix's WideResNet, RobustGrid's own
small-cnn), so a state dict
that loads here with strict=True loads into the original code too.

  reference_models.py save MODEL OUT_DIR [options]
      seeds and builds MODEL, calibrates its batch norms on random images, and writes OUT_DIR/state.safetensors,
      OUT_DIR/state.pt (torch.save) and OUT_DIR/io.safetensors (inputs, logits in eval mode)
  reference_models.py check MODEL IO_FILE WEIGHTS... [options]
      loads each WEIGHTS file (.pt or .safetensors) with strict=True, runs IO_FILE's inputs and prints the largest
      absolute difference from IO_FILE's logits; exits 1 if one is over --tolerance
  reference_models.py count MODEL [options]
      prints the number of parameters

The python safetensors package is not a Debian package, so the format (an 8-byte little-endian header length, a
JSON header of dtype, shape and byte offsets, then the raw little-endian data) is read and written here.
"""
import argparse
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def bn(channels):
    return nn.BatchNorm2d(channels)


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, kernel_size=1, stride=stride, bias=False)


class TorchvisionBottleneck(nn.Module):
    """1x1 reduce, 3x3 (carrying the stride), 1x1 expand by 4; projection 'downsample' where the shape changes."""

    def __init__(self, cin, planes, stride):
        super().__init__()
        cout = planes * 4
        self.conv1, self.bn1 = conv1x1(cin, planes), bn(planes)
        self.conv2, self.bn2 = conv3x3(planes, planes, stride), bn(planes)
        self.conv3, self.bn3 = conv1x1(planes, cout), bn(cout)
        self.downsample = (nn.Sequential(conv1x1(cin, cout, stride), bn(cout))
                           if stride != 1 or cin != cout else None)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class TorchvisionResNet50(nn.Module):
    def __init__(self, channels, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = bn(64)
        cin = 64
        for index, (blocks, planes) in enumerate(zip([3, 4, 6, 3], [64, 128, 256, 512])):
            stage = []
            for b in range(blocks):
                stage.append(TorchvisionBottleneck(cin, planes, 2 if index > 0 and b == 0 else 1))
                cin = planes * 4
            setattr(self, f"layer{index + 1}", nn.Sequential(*stage))
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), kernel_size=3, stride=2, padding=1)
        for name in ("layer1", "layer2", "layer3", "layer4"):
            x = getattr(self, name)(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class PreActBasicBlock(nn.Module):
    """BN-ReLU before each 3x3 conv; the 1x1 'shortcut.0' (where the shape changes) takes the raw input."""

    def __init__(self, cin, planes, stride):
        super().__init__()
        self.bn1, self.conv1 = bn(cin), conv3x3(cin, planes, stride)
        self.bn2, self.conv2 = bn(planes), conv3x3(planes, planes)
        if stride != 1 or cin != planes:
            self.shortcut = nn.Sequential(conv1x1(cin, planes, stride))

    def forward(self, x):
        y = self.conv1(F.relu(self.bn1(x)))
        y = self.conv2(F.relu(self.bn2(y)))
        return y + (self.shortcut(x) if hasattr(self, "shortcut") else x)


class CifarBasicBlock(nn.Module):
    """Post-activation basic block; 'shortcut' is an empty Sequential or a 1x1 conv + BN."""

    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1, self.bn1 = conv3x3(cin, planes, stride), bn(planes)
        self.conv2, self.bn2 = conv3x3(planes, planes), bn(planes)
        self.shortcut = (nn.Sequential(conv1x1(cin, planes, stride), bn(planes))
                         if stride != 1 or cin != planes else nn.Sequential())

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class ResNet18Family(nn.Module):
    """Four stages of two basic blocks at 64-128-256-512 after a 3x3 stem; 'linear' head."""

    def __init__(self, block, channels, classes, stem_bn):
        super().__init__()
        self.conv1 = conv3x3(channels, 64)
        if stem_bn:
            self.bn1 = bn(64)
        cin = 64
        for index, planes in enumerate([64, 128, 256, 512]):
            stride = 1 if index == 0 else 2
            setattr(self, f"layer{index + 1}", nn.Sequential(block(cin, planes, stride), block(planes, planes, 1)))
            cin = planes
        self.linear = nn.Linear(512, classes)

    def forward(self, x):
        x = self.conv1(x)
        if hasattr(self, "bn1"):
            x = F.relu(self.bn1(x))
        for name in ("layer1", "layer2", "layer3", "layer4"):
            x = getattr(self, name)(x)
        return self.linear(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class WideBlock(nn.Module):
    """Pre-activation wide block: where the width changes, the pre-activation feeds both branches."""

    def __init__(self, cin, cout, stride, shortcut_name):
        super().__init__()
        self.bn1, self.conv1 = bn(cin), conv3x3(cin, cout, stride)
        self.bn2, self.conv2 = bn(cout), conv3x3(cout, cout)
        self.shortcut_name = shortcut_name if cin != cout else None
        if self.shortcut_name:
            setattr(self, shortcut_name, conv1x1(cin, cout, stride))

    def forward(self, x):
        activated = F.relu(self.bn1(x))
        y = self.conv2(F.relu(self.bn2(self.conv1(activated))))
        if self.shortcut_name is None:
            return y + x
        return y + getattr(self, self.shortcut_name)(activated)


class NetworkBlock(nn.Module):
    def __init__(self, blocks, cin, cout, stride, shortcut_name):
        super().__init__()
        self.layer = nn.Sequential(*[WideBlock(cin if i == 0 else cout, cout, stride if i == 0 else 1, shortcut_name)
                                     for i in range(blocks)])

    def forward(self, x):
        return self.layer(x)


class WideResNet(nn.Module):
    """Widths 16, 16k, 32k, 64k with (depth - 4) / 6 blocks a stage; final BN-ReLU, pool, 'fc'."""

    def __init__(self, depth, widen, channels, classes, shortcut_name):
        super().__init__()
        widths = [16, 16 * widen, 32 * widen, 64 * widen]
        blocks = (depth - 4) // 6
        self.conv1 = conv3x3(channels, widths[0])
        self.block1 = NetworkBlock(blocks, widths[0], widths[1], 1, shortcut_name)
        self.block2 = NetworkBlock(blocks, widths[1], widths[2], 2, shortcut_name)
        self.block3 = NetworkBlock(blocks, widths[2], widths[3], 2, shortcut_name)
        self.bn1 = bn(widths[3])
        self.fc = nn.Linear(widths[3], classes)

    def forward(self, x):
        x = self.block3(self.block2(self.block1(self.conv1(x))))
        x = F.relu(self.bn1(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class SmallCnn(nn.Module):
    """RobustGrid's own small-cnn: two conv-BN-ReLU-max-pool stages, then fc1-ReLU-fc2."""

    def __init__(self, channels, classes, size):
        super().__init__()
        self.conv1, self.bn1 = conv3x3(channels, 32), bn(32)
        self.conv2, self.bn2 = conv3x3(32, 64), bn(64)
        self.fc1 = nn.Linear(64 * (size // 4) ** 2, 128)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


MODELS = {
    "resnet50": lambda c, k, s: TorchvisionResNet50(c, k),
    "preact-resnet18": lambda c, k, s: ResNet18Family(PreActBasicBlock, c, k, stem_bn=False),
    "resnet18": lambda c, k, s: ResNet18Family(CifarBasicBlock, c, k, stem_bn=True),
    "wrn-28-10": lambda c, k, s: WideResNet(28, 10, c, k, "convShortcut"),
    "wrn-34-10": lambda c, k, s: WideResNet(34, 10, c, k, "convShortcut"),
    "wrn-40-2": lambda c, k, s: WideResNet(40, 2, c, k, "conv_shortcut"),
    # Dropout (0.3 in training) is inactive in eval mode, where the logits are compared.
    "wrn-40-4": lambda c, k, s: WideResNet(40, 4, c, k, "conv_shortcut"),
    "small-cnn": lambda c, k, s: SmallCnn(c, k, s),
}

DTYPES = {torch.float32: ("F32", np.float32), torch.int64: ("I64", np.int64)}
NUMPY = {name: numpy_type for name, numpy_type in DTYPES.values()}


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().numpy().astype(DTYPES[tensor.dtype][1]).tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype][0], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    length = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + length])
    header.pop("__metadata__", None)
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        array = np.frombuffer(raw[start + begin:start + end], dtype=NUMPY[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def build(args):
    return MODELS[args.model](args.channels, args.classes, args.size)


def calibrate(model, inputs):
    """Batch-norm statistics of one batch that holds the inputs (random images look alike to deep layers, so
    statistics of other images would blow the inputs' activations up), then random affine terms and biases: every
    parameter and buffer shapes the logits, and the logits stay of moderate size."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.momentum = None
    model.train()
    with torch.no_grad():
        model(torch.cat([inputs, torch.rand(6, *inputs.shape[1:])]))
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
            elif isinstance(module, nn.Linear):
                module.bias.uniform_(-0.2, 0.2)
        model.eval()
        # Deep residual streams grow (ResNet-50's logits reach hundreds, where fp32 keeps only 1e-5 absolute):
        # the head is scaled so that the largest logit is 4.
        head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
        scale = 4 / model(inputs).abs().max()
        head.weight.mul_(scale)
        head.bias.mul_(scale)


def save(args):
    torch.manual_seed(args.seed)
    model = build(args)
    inputs = torch.rand(args.batch, args.channels, args.size, args.size)
    calibrate(model, inputs)
    with torch.no_grad():
        logits = model(inputs)
    state = model.state_dict()
    folder = args.paths[0]
    write_safetensors(f"{folder}/state.safetensors", state)
    torch.save(state, f"{folder}/state.pt")
    write_safetensors(f"{folder}/io.safetensors", {"inputs": inputs, "logits": logits})


def check(args):
    io = read_safetensors(args.paths[0])
    worst = 0.0
    for path in args.paths[1:]:
        model = build(args)
        state = read_safetensors(path) if path.endswith(".safetensors") else torch.load(path, map_location="cpu")
        model.load_state_dict(state, strict=True)
        model.eval()
        with torch.no_grad():
            difference = (model(io["inputs"]) - io["logits"]).abs().max().item()
        print(f"{path.rsplit('/', 1)[-1]}: max abs logit difference {difference:.3g}")
        worst = max(worst, difference)
    return 0 if worst <= args.tolerance else 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["save", "check", "count"])
    parser.add_argument("model", choices=sorted(MODELS))
    parser.add_argument("paths", nargs="*", help="save: the output folder; check: the inputs and logits, then "
                        "the weights files")
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--channels", type=int, default=3)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    torch.set_num_threads(2)
    if args.command == "save":
        save(args)
        return 0
    if args.command == "check":
        return check(args)
    print(sum(p.numel() for p in build(args).parameters()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
