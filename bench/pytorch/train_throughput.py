"""PyTorch side of the training-throughput comparison (bench/gpu-training.sh runs both sides in one command).

Same models, same step as RobustGrid's ERM step: uint8 batch -> random crop (pad 4) + flip on the GPU ->
normalise -> forward -> cross-entropy -> backward -> SGD Nesterov. Modes: fp32 eager, and the best practice
(bf16 autocast + channels_last). Prints CSV: model,batch,mode,images_per_second,peak_memory_mib.
"""
import sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallCnn(nn.Module):
    def __init__(self, c=3, k=10, size=32):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(c, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32)
        self.conv2, self.bn2 = nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64)
        self.fc1, self.fc2 = nn.Linear(64 * (size // 4) ** 2, 128), nn.Linear(128, k)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class Block(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o)
        self.conv2, self.bn2 = nn.Conv2d(o, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o)
        self.shortcut = nn.Sequential(nn.Conv2d(i, o, 1, s, bias=False), nn.BatchNorm2d(o)) if s != 1 or i != o else nn.Sequential()

    def forward(self, x):
        return F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))) + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, k=10):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64)
        layers, i = [], 64
        for n, w in enumerate([64, 128, 256, 512]):
            layers.append(nn.Sequential(Block(i, w, 1 if n == 0 else 2), Block(w, w, 1)))
            i = w
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.linear = nn.Linear(512, k)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.linear(F.adaptive_avg_pool2d(x, 1).flatten(1))


class WideBlock(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(i), nn.Conv2d(i, o, 3, s, 1, bias=False)
        self.bn2, self.conv2 = nn.BatchNorm2d(o), nn.Conv2d(o, o, 3, 1, 1, bias=False)
        self.conv_shortcut = nn.Conv2d(i, o, 1, s, bias=False) if i != o else None

    def forward(self, x):
        a = F.relu(self.bn1(x))
        r = a if self.conv_shortcut is not None else x
        y = self.conv2(F.relu(self.bn2(self.conv1(a))))
        return y + (self.conv_shortcut(r) if self.conv_shortcut is not None else r)


class WideResNet(nn.Module):
    def __init__(self, depth=40, k=2, classes=10):
        super().__init__()
        n, w = (depth - 4) // 6, [16, 16 * k, 32 * k, 64 * k]
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.blocks = nn.Sequential(*[nn.Sequential(*[WideBlock(w[s] if b == 0 else w[s + 1], w[s + 1], 2 if b == 0 and s > 0 else 1)
                                                      for b in range(n)]) for s in range(3)])
        self.bn1, self.fc = nn.BatchNorm2d(w[3]), nn.Linear(w[3], classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.blocks(self.conv1(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


MODELS = {"small-cnn": SmallCnn, "resnet18": ResNet18, "wrn-40-2": WideResNet}
MEAN = torch.tensor([0.4914, 0.4822, 0.4465]).view(1, 3, 1, 1)
STD = torch.tensor([0.2470, 0.2435, 0.2616]).view(1, 3, 1, 1)


def augment(x, g):
    n = x.shape[0]
    p = F.pad(x, (4, 4, 4, 4))
    oy = torch.randint(0, 9, (n, 1, 1), device=x.device, generator=g)
    ox = torch.randint(0, 9, (n, 1, 1), device=x.device, generator=g)
    rows = torch.arange(32, device=x.device).view(1, 32, 1) + oy
    cols = torch.arange(32, device=x.device).view(1, 1, 32) + ox
    idx = (rows * 40 + cols).view(n, 1, 1024).expand(n, 3, 1024)
    y = p.reshape(n, 3, -1).gather(2, idx).view(n, 3, 32, 32)
    flip = (torch.rand(n, device=x.device, generator=g) < 0.5).view(n, 1, 1, 1)
    return torch.where(flip, y.flip(3), y)


def measure(name, batch, mode, steps=50, warmup=10):
    dev = torch.device("cuda")
    model = MODELS[name]().to(dev).train()
    best = mode == "bf16-channels-last"
    if best:
        model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), 0.01, momentum=0.9, weight_decay=5e-4, nesterov=True)
    g = torch.Generator(device=dev); g.manual_seed(1)
    images = torch.randint(0, 256, (batch, 3, 32, 32), dtype=torch.uint8, device=dev, generator=g)
    labels = torch.randint(0, 10, (batch,), device=dev, generator=g)
    mean, std = MEAN.to(dev), STD.to(dev)
    torch.cuda.reset_peak_memory_stats()
    for step in range(warmup + steps):
        if step == warmup:
            torch.cuda.synchronize(); start = time.perf_counter()
        x = (augment(images, g).float() / 255 - mean) / std
        if best:
            x = x.contiguous(memory_format=torch.channels_last)
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=best):
            loss = F.cross_entropy(model(x), labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    torch.cuda.synchronize()
    return steps * batch / (time.perf_counter() - start), torch.cuda.max_memory_allocated() >> 20


if __name__ == "__main__":
    models = sys.argv[1].split(",") if len(sys.argv) > 1 else list(MODELS)
    batches = [int(b) for b in sys.argv[2].split(",")] if len(sys.argv) > 2 else [128, 512]
    print("model,batch,mode,images_per_second,peak_memory_mib")
    for m in models:
        for b in batches:
            for mode in ("fp32", "bf16-channels-last"):
                ips, mem = measure(m, b, mode)
                print(f"{m},{b},{mode},{ips:.0f},{mem}", flush=True)
