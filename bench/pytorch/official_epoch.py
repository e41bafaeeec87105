#!/usr/bin/python3
"""Times the official AugMix / IPMix CIFAR training loops for a fixed number of batches on RobustGrid's CIFAR-10.

The official code is not part of this repository. Pass a checkout of each reference repository:

  --augmix-checkout DIR  google-research/augmix at 9b9824c7c19bf7e72df2d085d97b99b3bfb00ba4 (Apache-2.0), for
                         --code augmix:
      git clone https://github.com/google-research/augmix && git -C augmix checkout 9b9824c7c19bf7e72df2d085d97b99b3bfb00ba4
  --ipmix-checkout DIR   hzlsaber/IPMix at 050bcb6cb562e0f45b9caf64b17283ef58b21a41 (MIT), for --code ipmix:
      git clone https://github.com/hzlsaber/IPMix && git -C IPMix checkout 050bcb6cb562e0f45b9caf64b17283ef58b21a41

(or the environment variables AUGMIX_CHECKOUT / IPMIX_CHECKOUT). A missing or incomplete checkout is reported, with
how to get it, before anything else runs (exit status 2); --check-only checks the checkout --code needs and exits. The
checkout's root goes first on sys.path, since the official cifar.py imports its modules relative to it (augmix:
augmentations, models.cifar.allconv, third_party.*; IPMix: IPMix_utils, models.*). This script imports that cifar.py,
runs its main() unchanged and changes only, from outside, without editing the checkout:

  * the data source: torchvision.datasets.CIFAR10 (pickle batches, download=True) is replaced by a CIFAR10 subclass
    whose data/targets arrays are decoded from RobustGrid's JPEG folder (train/<class>/*.jpg, classes sorted,
    images by name within a class, interleaved across classes: RobustGrid's reader order). CIFAR10.__getitem__ (Image.fromarray -> transform) is inherited, so
    the official transforms, AugMix/IPMix dataset wrappers and DataLoader settings run as written;
  * the batch count: the training set is the first (warmup + batches) * batch_size images, so the official train()
    runs exactly that many batches (shuffled, as official); main() is stopped when train() returns (no test pass,
    no checkpoint);
  * the device: .cuda() is a no-op (CPU only); nn.DataParallel without GPUs calls the module directly;
  * --mode erm (AugMix code only) replaces AugMixDataset by the plain (preprocess(x), y) pipeline with --no-jsd,
    i.e. the official loop and loader on flip + crop + normalize: the ERM-equivalent of that script.

Timing: the end of every batch is the official loop's scheduler.step(); images/s is counted over the batches after
the warm-up ones, wall clock, data loading included (the loop waits for its workers). CPU time is the whole run's:
this process (all torch threads) plus the DataLoader workers (reaped when the epoch ends).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

# name: (repository, commit, clone folder, files the official cifar.py needs, relative to the checkout's root)
REFERENCES = {
    'augmix': ('google-research/augmix', '9b9824c7c19bf7e72df2d085d97b99b3bfb00ba4', 'augmix', [
        'cifar.py', 'augmentations.py', 'models/cifar/allconv.py',
        'third_party/ResNeXt_DenseNet/models/densenet.py', 'third_party/ResNeXt_DenseNet/models/resnext.py',
        'third_party/WideResNet_pytorch/wideresnet.py']),
    'ipmix': ('hzlsaber/IPMix', '050bcb6cb562e0f45b9caf64b17283ef58b21a41', 'IPMix', [
        'cifar.py', 'IPMix_utils.py', 'models/ResNeXt_DenseNet/models/densenet.py',
        'models/ResNeXt_DenseNet/models/resnext.py', 'models/WideResNet_pytorch/wideresnet.py',
        'models/ResNet/resnet.py']),
}


def how_to_get(code):
    repo, commit, folder, _ = REFERENCES[code]
    return ('  git clone https://github.com/%s && git -C %s checkout %s\n'
            'then pass --%s-checkout %s (or set %s_CHECKOUT)' % (repo, folder, commit, code, folder, code.upper()))


def checkout_problem(code, path):
    """None if path holds the files the official cifar.py imports, else what is wrong and how to get the checkout."""
    repo, _, _, files = REFERENCES[code]
    if not path:
        return 'no %s checkout given (--%s-checkout DIR or %s_CHECKOUT). Get it with:\n%s' % (
            repo, code, code.upper(), how_to_get(code))
    if not os.path.isdir(path):
        return '%s checkout %s is not a folder. Get it with:\n%s' % (repo, path, how_to_get(code))
    missing = [f for f in files if not os.path.isfile(os.path.join(path, f))]
    if missing:
        return '%s checkout %s lacks %s (give the repository\'s root folder). Get it with:\n%s' % (
            repo, path, ', '.join(missing), how_to_get(code))
    return None


def warn_if_other_commit(code, path):
    repo, commit, _, _ = REFERENCES[code]
    try:
        lines = subprocess.run(['git', '-C', path, 'rev-parse', '--show-toplevel', 'HEAD'], capture_output=True,
                               text=True, timeout=10).stdout.split()
    except (OSError, subprocess.SubprocessError):
        lines = []
    # Only when path is the root of its own git work tree (a copy inside another repository is not checked).
    if len(lines) == 2 and os.path.realpath(lines[0]) == os.path.realpath(path) and lines[1] != commit:
        head = lines[1]
        print('warning: %s checkout %s is at %s, the measured numbers are for %s' % (repo, path, head, commit),
              file=sys.stderr)


parser = argparse.ArgumentParser(
    description='Times the official AugMix / IPMix CIFAR training loops (from checkouts of their repositories) '
                'on RobustGrid\'s CIFAR-10 JPEG folder.',
    epilog='Checkouts: ' + '; '.join('%s: git clone https://github.com/%s && git -C %s checkout %s' % (
        code, repo, folder, commit) for code, (repo, commit, folder, _) in REFERENCES.items()))
parser.add_argument('--code', choices=['augmix', 'ipmix'], default='augmix')
parser.add_argument('--mode', choices=['jsd', 'no-jsd', 'erm'], default='jsd')
parser.add_argument('--augmix-checkout', metavar='DIR', default=os.environ.get('AUGMIX_CHECKOUT'),
                    help='root of a google-research/augmix checkout at 9b9824c (needed for --code augmix; '
                         'default: $AUGMIX_CHECKOUT)')
parser.add_argument('--ipmix-checkout', metavar='DIR', default=os.environ.get('IPMIX_CHECKOUT'),
                    help='root of a hzlsaber/IPMix checkout at 050bcb6 (needed for --code ipmix; '
                         'default: $IPMIX_CHECKOUT)')
parser.add_argument('--check-only', action='store_true',
                    help='only check the checkout that --code needs, then exit (0 if complete, else 2)')
parser.add_argument('--data', default='/tmp/official/cifar10-jpg', help='folder with train/<class>/*.jpg')
parser.add_argument('--batches', type=int, default=6, help='timed batches')
parser.add_argument('--warmup', type=int, default=2, help='untimed batches first')
parser.add_argument('--batch-size', type=int, default=128)
parser.add_argument('--threads', type=int, default=2, help='torch.set_num_threads in the training process')
parser.add_argument('--workers', type=int, default=4, help='DataLoader workers (the official default is 4)')
parser.add_argument('--widen-factor', type=int, default=2)
parser.add_argument('--droprate', type=float, default=0.0)
parser.add_argument('--mixing-set', default=None, help='IPMix mixing-set ImageFolder (made if absent)')
options = parser.parse_args()

checkouts = {'augmix': options.augmix_checkout, 'ipmix': options.ipmix_checkout}
problem = checkout_problem(options.code, checkouts[options.code])
if problem:
    print('official_epoch.py: ' + problem, file=sys.stderr)
    sys.exit(2)
warn_if_other_commit(options.code, checkouts[options.code])
if options.check_only:
    sys.exit(0)
if options.code == 'ipmix' and options.mode == 'erm':
    sys.exit('--mode erm is defined on the AugMix code only')
checkout = os.path.abspath(checkouts[options.code])

import torch  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from torchvision import datasets  # noqa: E402


def load_folder(root, split, limit):
    classes = sorted(os.listdir(os.path.join(root, split)))
    per_class = [sorted(os.listdir(os.path.join(root, split, c))) for c in classes]
    # Interleaved: the first image of every class, then the second of every class, ... (RobustGrid's reader order).
    files = [(c, names[rank]) for rank in range(max(map(len, per_class)))
             for c, names in zip(classes, per_class) if rank < len(names)]
    files = files[:limit]
    data = np.stack([np.asarray(Image.open(os.path.join(root, split, c, n)).convert('RGB')) for c, n in files])
    targets = [classes.index(c) for c, _ in files]
    return data, targets


class JpegCifar10(datasets.CIFAR10):
    """CIFAR10 with data/targets from the JPEG folder; __getitem__ is torchvision's."""

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        self.root = root
        self.train = train
        self.transform = transform
        self.target_transform = target_transform
        limit = (options.warmup + options.batches) * options.batch_size if train else options.batch_size
        self.data, self.targets = load_folder(options.data, 'train' if train else 'test', limit)


datasets.CIFAR10 = JpegCifar10
torch.Tensor.cuda = lambda self, *a, **k: self
torch.nn.Module.cuda = lambda self, *a, **k: self

batch_ends = []  # (wall, process CPU) at the end of every batch


official_step = torch.optim.lr_scheduler.LambdaLR.step


def timed_step(self, *a, **k):
    batch_ends.append((time.perf_counter(), time.process_time()))
    return official_step(self, *a, **k)


torch.optim.lr_scheduler.LambdaLR.step = timed_step


def make_mixing_set(folder, count=1000, size=36, seed=0):
    """Stand-in mixing pictures (no download possible): smooth random colour fields, 36x36 like RobustGrid's."""
    pics = os.path.join(folder, 'pictures')
    if os.path.isdir(pics) and len(os.listdir(pics)) >= count:
        return
    os.makedirs(pics, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(count):
        low = rng.random((5, 5, 3))
        img = Image.fromarray(np.uint8(low * 255)).resize((size, size), Image.BICUBIC)
        img.save(os.path.join(pics, '%04d.png' % i))


save = tempfile.mkdtemp(prefix='official-epoch-')
os.rmdir(save)  # IPMix refuses an existing --save folder
common = ['--dataset', 'cifar10', '--model', 'wrn', '--layers', '40', '--widen-factor', str(options.widen_factor),
          '--droprate', str(options.droprate), '--batch-size', str(options.batch_size),
          '--num-workers', str(options.workers), '--save', save]
if options.mode != 'jsd':
    common.append('--no-jsd')
if options.code == 'augmix':
    sys.argv = ['cifar.py'] + common
else:
    mixing = options.mixing_set or '/tmp/official/mixing-set'
    make_mixing_set(mixing)
    sys.argv = ['cifar.py', '--data-path', options.data, '--mixing-set', mixing] + common

# The official cifar.py imports its own modules from the repository's root (augmix: augmentations,
# models.cifar.allconv, third_party.*; IPMix: IPMix_utils, models.*), so the checkout's root goes first on sys.path.
sys.path.insert(0, checkout)
torch.set_num_threads(options.threads)
import cifar  # noqa: E402  (parses sys.argv as the official script does)

if options.mode == 'erm':
    class PlainDataset(torch.utils.data.Dataset):
        def __init__(self, dataset, preprocess, no_jsd=False):
            self.dataset = dataset
            self.preprocess = preprocess

        def __getitem__(self, i):
            x, y = self.dataset[i]
            return self.preprocess(x), y

        def __len__(self):
            return len(self.dataset)

    cifar.AugMixDataset = PlainDataset


class Finished(Exception):
    pass


official_train = cifar.train
run = {}


def timed_train(net, train_loader, optimizer, scheduler):
    batch_ends.clear()
    run['start'] = (time.perf_counter(), time.process_time())
    official_train(net, train_loader, optimizer, scheduler)
    run['end'] = (time.perf_counter(), time.process_time())
    run['children'] = resource.getrusage(resource.RUSAGE_CHILDREN)
    raise Finished()


cifar.train = timed_train
try:
    cifar.main()
except Finished:
    pass

total = options.warmup + options.batches
assert len(batch_ends) == total, (len(batch_ends), total)
t0 = batch_ends[options.warmup - 1] if options.warmup > 0 else run['start']
t1 = batch_ends[-1]
timed_images = options.batches * options.batch_size
wall = t1[0] - t0[0]
children = run['children'].ru_utime + run['children'].ru_stime
main_cpu = run['end'][1] - run['start'][1]
all_images = total * options.batch_size
print('official %s mode=%s wrn-40-%d batch %d, %d+%d batches, torch %s, %d threads, %d workers' % (
    options.code, options.mode, options.widen_factor, options.batch_size, options.warmup, options.batches,
    torch.__version__, torch.get_num_threads(), options.workers))
per_batch = [b[0] - a[0] for a, b in zip([run['start']] + batch_ends[:-1], batch_ends)]
print('per-batch wall s: ' + ' '.join('%.2f' % t for t in per_batch))
timed_batches = sorted(per_batch[options.warmup:])
median = (timed_batches[(len(timed_batches) - 1) // 2] + timed_batches[len(timed_batches) // 2]) / 2
print('RESULT code=%s mode=%s timed_images=%d wall_s=%.2f images_per_s=%.2f ms_per_batch=%.0f '
      'median_step_images_per_s=%.2f run_cpu_s_main=%.1f run_cpu_s_workers=%.1f cpu_ms_per_image=%.1f' % (
          options.code, options.mode, timed_images, wall, timed_images / wall, 1000 * wall / options.batches,
          options.batch_size / median, main_cpu, children, 1000 * (main_cpu + children) / all_images))
