#!/usr/bin/python3
"""Times the reference CIFAR-10-C generator (hendrycks/robustness, ImageNet-C/create_c/make_cifar_c.py) image by image.

The reference file is not in this repository: pass its path. Its distortion functions (everything above
'# /////////////// End Distortions ///////////////', with the torch/torchvision imports dropped since they are
unused there) are executed unchanged; the driver at the bottom (CIFAR download, np.save) is not. Each image goes in
as PIL.Image.fromarray(uint8 HWC) and comes out through np.uint8(...), as the driver does, severities 1..5, one
np.random.seed(0) before the whole loop. Run it from the folder with the frost textures (the reference opens
./frostN.*), e.g.

  cd ../shared/datasets/frost && /usr/bin/python3 .../time_reference.py --reference make_cifar_c.py --input input.npy

Output: one CSV line per corruption (wall and CPU seconds over its 5 severities), then totals, in the format of
docs/benchmark-runs/corruptions/reference-*.txt. Debian packages: python3-numpy python3-scipy python3-skimage
python3-opencv python3-wand python3-pil.
"""
import argparse
import time

import numpy as np
from PIL import Image

ORDER = ['gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
         'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
         'speckle_noise', 'gaussian_blur', 'spatter', 'saturate']

parser = argparse.ArgumentParser()
parser.add_argument('--reference', required=True, help='path of make_cifar_c.py (hendrycks/robustness 8190fe3)')
parser.add_argument('--input', required=True, help='uint8 [N,32,32,3] .npy (Bench.Corruptions export-input)')
parser.add_argument('--n', type=int, default=200)
parser.add_argument('--only', default=None, help='comma-separated corruptions')
args = parser.parse_args()

source = open(args.reference, encoding='utf-8').read()
source = source.split('# /////////////// End Distortions ///////////////')[0]
source = '\n'.join('' if line.startswith(('import torch', 'import torchvision')) else line
                   for line in source.splitlines())  # blank, not removed: line numbers stay the reference's
reference = {}
exec(compile(source, args.reference, 'exec'), reference)

images = np.load(args.input)[:args.n]
names = args.only.split(',') if args.only else ORDER
print('reference: %d images, numpy %s' % (len(images), np.__version__))
print('corruption,wall_s,cpu_s,images_per_s_wall,images_per_s_cpu')
np.random.seed(0)
wall_total = cpu_total = 0.0
for name in names:
    fn = reference[name]
    w0, c0 = time.perf_counter(), time.process_time()
    for severity in range(1, 6):
        for img in images:
            np.uint8(fn(Image.fromarray(img), severity))
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    wall_total += wall
    cpu_total += cpu
    count = 5 * len(images)
    print('%s,%.2f,%.2f,%.0f,%.0f' % (name, wall, cpu, count / wall, count / cpu), flush=True)
count = 5 * len(images) * len(names)
print('total,%.1f,%.1f,%.0f,%.0f' % (wall_total, cpu_total, count / wall_total, count / cpu_total))
print('extrapolated to 10,000 images: wall %.0f s, cpu %.0f s' % (wall_total * 10000 / len(images),
                                                                 cpu_total * 10000 / len(images)))
