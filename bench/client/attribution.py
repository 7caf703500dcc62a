"""Saliency and Grad-CAM latency, Convscope against PyTorch on the same weights, in one run.

Run through bench/attribution. For the built-in Fashion-MNIST model and for a full-size CaffeNet
imported from its Caffe files (caffenet_file.py), one JVM (cli's AttributionTiming) stays up and
answers timing requests, while this process runs PyTorch on a copy of the same network with the
same weights. Samples alternate, Convscope then PyTorch, so load on the machine falls on both
alike. Both sides explain the same preprocessed image for the same class (Convscope's top class,
checked to be PyTorch's too); each side times only its own work, in its own process.

Saliency is one forward and one backward pass to the input, then the gradient's magnitude, the
largest over the colour planes. Grad-CAM is one forward and one backward pass to its default layer
(pool2, pool5), the channels weighted by their mean gradient, clipped at zero and resized
bilinearly to the input. PyTorch's weights do not require gradients, so autograd goes back only as
far as each map needs. The forward pass alone (DL4J's graph output; PyTorch without autograd) is
timed the same way, to compare with.
"""

import argparse
import copy
import gzip
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np

import caffenet_file
import images
from caffe_import import SIZE as CAFFENET_SIZE, caffe_input
from progress import say

FASHION_MNIST_TEST_IMAGES = Path('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz')
# The attribution maps, then the forward pass alone for comparison.
METHODS = ('saliency', 'gradcam', 'forward')
TOLERANCE = 1e-3  # of the largest saliency value, as AttributionPyTorchTest checks
JAVA_OPTIONS = ['-XX:+UseSerialGC', '-Xmx2g', '-Dorg.bytedeco.javacpp.maxbytes=3g',
                '-Dorg.bytedeco.javacpp.maxphysicalbytes=6g']


def parse_arguments(root):
    parser = argparse.ArgumentParser(
        prog='bench/attribution',
        description='Saliency and Grad-CAM latency, Convscope against PyTorch, same weights, '
                    'interleaved samples.')
    parser.add_argument('--samples', type=int, default=21,
                        help='timed samples per side, method and model (default 21)')
    parser.add_argument('--caffenet-samples', type=int, default=15,
                        help='the same for CaffeNet (default 15)')
    parser.add_argument('--warm-ups', type=int, default=3,
                        help='untimed calls per side and method after the first (default 3)')
    parser.add_argument('--convscope-threads', type=int, default=1, metavar='N',
                        help="ND4J's OpenMP threads (default 1, as the services run)")
    parser.add_argument('--torch-threads', type=int, metavar='N',
                        help="PyTorch's threads (default: its own, one per core)")
    parser.add_argument('--out', metavar='FILE',
                        default=str(root / 'bench' / 'results' / 'attribution.json'))
    return parser.parse_args()


class ConvscopeSide:
    """AttributionTiming in its own JVM, one model, asked over its stdin."""

    def __init__(self, root, model, input_file, threads):
        target = root / 'cli' / 'target'
        classpath = '%s:%s' % (target / 'classes',
                               (target / 'runtime-classpath.txt').read_text().strip())
        self.process = subprocess.Popen(
            ['java', *JAVA_OPTIONS, '-cp', classpath, 'dev.convscope.cli.timing.AttributionTiming',
             model, str(input_file)],
            env={**os.environ, 'OMP_NUM_THREADS': str(threads)},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        ready = self._line()
        if not ready.startswith('ready '):
            raise RuntimeError('AttributionTiming did not start: %s' % ready)
        fields = dict(field.split('=', 1) for field in ready.split()[1:])
        self.class_index = int(fields['class'])
        self.layer = fields['layer']
        self.load_ms = float(fields['load_ms'])

    def _line(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError('AttributionTiming exited with status %s' % self.process.wait())
        return line.strip()

    def ask(self, command):
        self.process.stdin.write(command + '\n')
        answer = self._line()
        if answer.startswith('error '):
            raise RuntimeError('AttributionTiming answered "%s" to "%s"' % (answer, command))
        return answer

    def time(self, method):
        return float(self.ask(method).split()[1])

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.write('quit\n')
            self.process.stdin.close()
            self.process.wait(timeout=60)


class TorchSide:
    """A PyTorch copy of the network: `features` up to Grad-CAM's layer, `head` from there to the
    class scores (the softmax's input)."""

    def __init__(self, features, head, image):
        import torch
        self.torch = torch
        self.features = features.eval().requires_grad_(False)
        self.head = head.eval().requires_grad_(False)
        self.image = torch.from_numpy(image)

    def in_float64(self):
        """The same network and image in double precision: how exact a float32 map can be."""
        return TorchSide(copy.deepcopy(self.features).double(), copy.deepcopy(self.head).double(),
                         self.image.numpy().astype(np.float64))

    def scores(self):
        with self.torch.no_grad():
            return self.head(self.features(self.image))[0]

    def forward(self, class_index):
        """The forward pass alone, without a graph for gradients, to compare the others with."""
        with self.torch.no_grad():
            return self.head(self.features(self.image))[0, class_index]

    def saliency(self, class_index):
        x = self.image.clone().requires_grad_(True)
        score = self.head(self.features(x))[0, class_index]
        gradient, = self.torch.autograd.grad(score, x)
        return gradient.abs().amax(dim=1)[0]

    def gradcam(self, class_index):
        x = self.image.clone().requires_grad_(True)
        activation = self.features(x)
        score = self.head(activation)[0, class_index]
        gradient, = self.torch.autograd.grad(score, activation)
        weights = gradient.mean(dim=(2, 3), keepdim=True)
        cam = self.torch.relu((weights * activation).sum(dim=1, keepdim=True))
        return self.torch.nn.functional.interpolate(
            cam, size=tuple(x.shape[2:]), mode='bilinear', align_corners=False)[0, 0]

    def time(self, method, class_index):
        start = time.perf_counter()
        getattr(self, method)(class_index)
        return 1000 * (time.perf_counter() - start)


def torch_builtin(folder, image):
    """The built-in model's architecture (conv1 20 5x5, pool, conv2 50 5x5, pool, ip1 500, ip2 10,
    ReLU after each convolution and ip1), given the weights AttributionTiming exported."""
    import torch
    from torch import nn

    def given(layer, name):
        layer.weight.data = torch.from_numpy(np.load(folder / (name + '_weights.npy')))
        layer.bias.data = torch.from_numpy(np.load(folder / (name + '_bias.npy')))
        return layer

    features = nn.Sequential(OrderedDict([
        ('conv1', given(nn.Conv2d(1, 20, 5), 'conv1')), ('relu1', nn.ReLU()),
        ('pool1', nn.MaxPool2d(2, 2)),
        ('conv2', given(nn.Conv2d(20, 50, 5), 'conv2')), ('relu2', nn.ReLU()),
        ('pool2', nn.MaxPool2d(2, 2))]))
    head = nn.Sequential(OrderedDict([
        ('flatten', nn.Flatten()),
        ('ip1', given(nn.Linear(800, 500), 'ip1')), ('relu3', nn.ReLU()),
        ('ip2', given(nn.Linear(500, 10), 'ip2'))]))
    return TorchSide(features, head, image)


def torch_caffenet(weights, image):
    """caffenet_file's PyTorch twin, cut after pool5 and before its softmax."""
    net = caffenet_file.torch_caffenet(weights)
    # conv1 relu pool norm, conv2 relu pool norm, conv3 relu, conv4 relu, conv5 relu pool
    pool5 = 15
    return TorchSide(net[:pool5], net[pool5:-1], image)


def fashion_mnist_image():
    """The test set's first image (an ankle boot) as the built-in model sees it: 0 to 1,
    (1, 1, 28, 28)."""
    with gzip.open(FASHION_MNIST_TEST_IMAGES) as f:
        pixels = np.frombuffer(f.read(16 + 28 * 28)[16:], dtype=np.uint8)
    return (pixels.astype(np.float32) / 255).reshape(1, 1, 28, 28)


def caffenet_image():
    rows = images.colour_rows(1, size=CAFFENET_SIZE)
    rgb = np.frombuffer(b''.join(rows), dtype=np.uint8).reshape(CAFFENET_SIZE, CAFFENET_SIZE, 3)
    return caffe_input(rgb)


def spread(samples):
    return {'median': statistics.median(samples), 'min': min(samples), 'max': max(samples),
            'samples': samples}


def compare_saliency(convscope, torch_side, work):
    """Largest differences between saliency maps, each a share of the second map's largest value:
    Convscope's from PyTorch's (both float32, the check AttributionPyTorchTest makes), and each
    from PyTorch's in float64, which shows how exact a float32 map can be for this network."""
    file = work / 'saliency.npy'
    convscope.ask('saliency-map %s' % file)
    ours = np.load(file).astype(np.float64)
    theirs = torch_side.saliency(convscope.class_index).numpy().astype(np.float64)
    exact = torch_side.in_float64().saliency(convscope.class_index).numpy()
    if ours.shape != theirs.shape:
        raise RuntimeError('saliency maps differ in shape: %s and %s' % (ours.shape, theirs.shape))
    largest = np.abs(exact).max()
    return {'convscope_vs_pytorch': float(np.abs(ours - theirs).max() / np.abs(theirs).max()),
            'convscope_vs_float64': float(np.abs(ours - exact).max() / largest),
            'pytorch_vs_float64': float(np.abs(theirs - exact).max() / largest)}


def measure(name, convscope, torch_side, samples, warm_ups, work):
    """First calls, warm-ups, then interleaved samples: Convscope, PyTorch, Convscope, ..."""
    c = convscope.class_index
    torch_top = int(torch_side.scores().argmax())
    if torch_top != c:
        raise RuntimeError('%s: Convscope\'s top class is %d, PyTorch\'s %d' % (name, c, torch_top))
    first = {}
    for method in METHODS:
        first[method] = {'convscope': convscope.time(method), 'pytorch': torch_side.time(method, c)}
    difference = compare_saliency(convscope, torch_side, work)
    say('  %s: saliency maps differ by at most %s of the largest value'
        % (name, differences(difference)))
    for _ in range(warm_ups):
        for method in METHODS:
            convscope.time(method)
            torch_side.time(method, c)
    timed = {method: {'convscope': [], 'pytorch': []} for method in METHODS}
    for sample in range(samples):
        for method in METHODS:
            timed[method]['convscope'].append(convscope.time(method))
            timed[method]['pytorch'].append(torch_side.time(method, c))
        if (sample + 1) % 5 == 0:
            say('  %s: %d of %d samples' % (name, sample + 1, samples))
    figures = {}
    for method, sides in timed.items():
        ours, theirs = spread(sides['convscope']), spread(sides['pytorch'])
        figures[method] = {
            'convscope_ms': ours, 'pytorch_ms': theirs,
            'ratio_of_medians': ours['median'] / theirs['median'],
            'first_call_ms': first[method],
        }
    return {'class': c, 'gradcam_layer': convscope.layer, 'convscope_load_ms': convscope.load_ms,
            'saliency_max_difference_of_largest': difference, 'figures': figures}


def differences(shares):
    return ', '.join('%.1e (%s)' % (value, pair.replace('_', ' '))
                     for pair, value in shares.items())


def built_in(root, arguments, work):
    say('built-in Fashion-MNIST model: starting AttributionTiming ...')
    input_file = work / 'fashion-mnist-input.npy'
    image = fashion_mnist_image()
    np.save(input_file, image)
    convscope = ConvscopeSide(root, 'fashion-mnist', input_file, arguments.convscope_threads)
    try:
        weights = work / 'fashion-mnist-weights'
        convscope.ask('weights %s' % weights)
        torch_side = torch_builtin(weights, image)
        result = measure('fashion-mnist', convscope, torch_side, arguments.samples,
                         arguments.warm_ups, work)
    finally:
        convscope.stop()
    difference = result['saliency_max_difference_of_largest']['convscope_vs_pytorch']
    if difference > TOLERANCE:
        raise RuntimeError('the built-in model\'s saliency maps differ by %.2e of the largest '
                           'value, more than %g' % (difference, TOLERANCE))
    return result


def caffenet(root, arguments, work):
    say('CaffeNet: writing the V1 files (244 MB of seeded weights) ...')
    weights = caffenet_file.seeded_weights()
    prototxt, caffemodel = caffenet_file.write(work, weights)
    image = caffenet_image()
    input_file = work / 'caffenet-input.npy'
    np.save(input_file, image)
    torch_side = torch_caffenet(weights, image)
    say('CaffeNet: starting AttributionTiming (reads and builds the Caffe files) ...')
    convscope = ConvscopeSide(root, '%s,%s' % (prototxt, caffemodel), input_file,
                              arguments.convscope_threads)
    try:
        caffemodel.unlink()  # read and built; the disk space is not needed any more
        return measure('caffenet', convscope, torch_side, arguments.caffenet_samples,
                       arguments.warm_ups, work)
    finally:
        convscope.stop()


def commit(root):
    head = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=root,
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no'], cwd=root,
                           capture_output=True, text=True).stdout.strip()
    return head + ('-dirty' if dirty else '')


def print_table(models):
    print()
    print('%-14s %-9s %12s %12s %12s %12s %7s %14s' % (
        'model', 'method', 'Convscope ms', '(min-max)', 'PyTorch ms', '(min-max)', 'ratio',
        'first call ms'))
    for name, result in models.items():
        for method, f in result['figures'].items():
            ours, theirs = f['convscope_ms'], f['pytorch_ms']
            print('%-14s %-9s %12.1f %12s %12.1f %12s %7.2f %14s' % (
                name, method, ours['median'], '%.0f-%.0f' % (ours['min'], ours['max']),
                theirs['median'], '%.0f-%.0f' % (theirs['min'], theirs['max']),
                f['ratio_of_medians'],
                '%.0f / %.0f' % (f['first_call_ms']['convscope'], f['first_call_ms']['pytorch'])))
    for name, result in models.items():
        print('%s: class %d, Grad-CAM at %s; saliency maps differ by at most %s of the largest'
              % (name, result['class'], result['gradcam_layer'],
                 differences(result['saliency_max_difference_of_largest'])))


def main():
    root = Path(__file__).resolve().parents[2]
    arguments = parse_arguments(root)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    import torch
    if arguments.torch_threads:
        torch.set_num_threads(arguments.torch_threads)
    load_before = os.getloadavg()
    started = time.strftime('%Y-%m-%dT%H:%M:%S%z')
    work = Path(tempfile.mkdtemp(prefix='convscope-attribution-'))
    try:
        models = OrderedDict()
        models['fashion-mnist'] = built_in(root, arguments, work)
        models['caffenet'] = caffenet(root, arguments, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        'commit': commit(root),
        'date': started,
        'samples': {'fashion-mnist': arguments.samples, 'caffenet': arguments.caffenet_samples,
                    'warm_ups': arguments.warm_ups},
        'models': models,
        'threads': {'convscope_omp_num_threads': arguments.convscope_threads,
                    'pytorch': torch.get_num_threads()},
        'machine': {'cpu': platform.processor() or platform.machine(), 'cores': os.cpu_count(),
                    'python': platform.python_version(), 'torch': torch.__version__,
                    'java': subprocess.run(['java', '-version'], capture_output=True,
                                           text=True).stderr.splitlines()[0],
                    'load_average_before': load_before, 'load_average_after': os.getloadavg()},
    }
    print_table(models)
    print('threads: Convscope OMP_NUM_THREADS=%d, PyTorch %d; load average %.1f before, %.1f after'
          % (result['threads']['convscope_omp_num_threads'], result['threads']['pytorch'],
             load_before[0], result['machine']['load_average_after'][0]))
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.out).write_text(json.dumps(result, indent=2) + '\n')
    say('wrote %s' % arguments.out)


if __name__ == '__main__':
    main()
