"""A full-size Caffe model brought in as a user brings one, timed, with PyTorch on the same weights.

Run through bench/caffe-import. Writes a CaffeNet in the 2014 V1 format with BVLC's layout
(about 244 MB of seeded weights; caffenet_file.py), starts a private Convscope, adds the model with
`./convscope models add` (REST form upload: transfer, digest, parse, graph built, stored), runs it
on new images through the gateway (every layer and weight drawn and stored), and reads the
inference service's peak resident memory (VmHWM). In the same run, PyTorch computes the forward
pass of the same network on the same weights and the same input, and the top classes are compared.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import caffenet_file
import images
from gateway import timed_run
from memory import service_pids
from progress import say
from system import Convscope

IMAGENET_MEAN_BGR = np.array([104.00699, 116.66877, 122.67892], dtype=np.float32)
SIZE = 227


def parse_arguments(root):
    parser = argparse.ArgumentParser(
        prog='bench/caffe-import',
        description='A full-size V1 CaffeNet caffemodel uploaded, loaded and run, against PyTorch.')
    parser.add_argument('--runs', type=int, default=3, help='warm runs after the first (default 3)')
    parser.add_argument('--out', metavar='FILE',
                        default=str(root / 'bench' / 'results' / 'caffe-import.json'))
    parser.add_argument('--ready-timeout', type=int, default=1800, metavar='SECONDS')
    return parser.parse_args()


def peak_mib(pid):
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError('no VmHWM for process %d' % pid)


def caffe_input(png_rgb):
    """What the Caffe lab's preprocessing makes of a 227x227 RGB image: BGR, 0-255, minus mean."""
    bgr = png_rgb[:, :, ::-1].astype(np.float32)
    return (bgr - IMAGENET_MEAN_BGR).transpose(2, 0, 1)[None].copy()


def pytorch_side(weights, image_rgb, repeats=5):
    import torch
    net = caffenet_file.torch_caffenet(weights)
    x = torch.from_numpy(caffe_input(image_rgb))
    with torch.no_grad():
        for _ in range(2):
            net(x)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            prob = net(x)
            times.append(1000 * (time.perf_counter() - start))
    top = torch.topk(prob[0], 5)
    return statistics.median(times), top.indices.tolist(), top.values.tolist(), torch.get_num_threads()


def dl4j_side(root, prototxt, caffemodel):
    """The same files imported in one JVM as an upload imports them, and DL4J's forward pass
    timed (cli's ForwardTiming): load time and forward time without the services around them."""
    classpath = '%s:%s' % (root / 'cli' / 'target' / 'classes',
                           (root / 'cli' / 'target' / 'runtime-classpath.txt').read_text().strip())
    timing = subprocess.run(
        ['java', '-XX:+UseSerialGC', '-cp', classpath, 'dev.convscope.cli.timing.ForwardTiming',
         str(prototxt), str(caffemodel)],
        env={**os.environ, 'OMP_NUM_THREADS': '1'}, capture_output=True, text=True)
    if timing.returncode != 0:
        raise RuntimeError('ForwardTiming failed: %s' % timing.stderr[-2000:])
    load = re.search(r'built or loaded in (\d+) ms', timing.stdout)
    forward = re.search(r'graph.outputSingle +([\d.]+) ms', timing.stdout)
    blobs = re.search(r'LayerByLayerForward \(blobs\) +([\d.]+) ms', timing.stdout)
    return float(load.group(1)), float(forward.group(1)), float(blobs.group(1))


def add_model(root, system, prototxt, caffemodel):
    start = time.perf_counter()
    added = subprocess.run(
        ['./convscope', 'models', 'add', str(prototxt), str(caffemodel), '--name', 'caffenet-v1-bench',
         '--gateway', 'http://localhost:%d' % system.gateway_port],
        cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if added.returncode != 0:
        raise RuntimeError('models add failed: %s' % added.stderr[-2000:])
    return added.stdout.strip(), seconds


def main():
    root = Path(__file__).resolve().parents[2]
    arguments = parse_arguments(root)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix='convscope-caffe-import-'))
    say('writing a V1 CaffeNet (deploy.prototxt, caffenet.caffemodel) into %s ...' % work)
    weights = caffenet_file.seeded_weights()
    prototxt, caffemodel = caffenet_file.write(work, weights)
    size = caffenet_file.check_file(caffemodel, weights)
    say('  %.1f MB of weights' % (size / 1e6))

    rows = images.colour_rows(1, size=SIZE)
    image_png = images.png_bytes(SIZE, SIZE, rows, colour=True)
    image_rgb = np.frombuffer(b''.join(rows), dtype=np.uint8).reshape(SIZE, SIZE, 3)
    say('PyTorch on the same weights and input ...')
    torch_ms, torch_top, torch_probabilities, torch_threads = pytorch_side(weights, image_rgb)

    system = Convscope(root)
    failed = True
    try:
        system.start(arguments.ready_timeout)
        say('DL4J in one JVM: read, build, forward pass ...')
        load_ms, forward_ms, blobs_ms = dl4j_side(root, prototxt, caffemodel)
        inference = service_pids(system.process.pid)['inference-service']
        before = peak_mib(inference)
        say('models add (upload, parse, build, store) ...')
        model, upload_s = add_model(root, system, prototxt, caffemodel)
        after_upload = peak_mib(inference)
        first = timed_run(system.gateway_port, model, image_png, {'top_k': 5}, timeout=1800)
        warm = [timed_run(system.gateway_port, model, images.colour_image(seed + 2, size=SIZE),
                          {'top_k': 5}, timeout=1800).ms for seed in range(arguments.runs)]
        after_runs = peak_mib(inference)
        failed = False
    finally:
        system.stop(keep_files=failed)
        shutil.rmtree(work, ignore_errors=True)
    convscope_top = [p['class_index'] for p in first.predictions]

    result = {
        'caffemodel_bytes': size,
        'upload_and_load_s': upload_s,
        'first_run_ms': first.ms,
        'warm_run_ms': warm,
        'warm_run_median_ms': statistics.median(warm),
        'layers': first.layer_count,
        'inference_peak_mib': {'started': before, 'after_upload': after_upload,
                               'after_runs': after_runs},
        'dl4j_read_and_build_ms': load_ms,
        'dl4j_forward_ms': forward_ms,
        'dl4j_forward_every_blob_ms': blobs_ms,
        'pytorch_forward_ms': torch_ms,
        'pytorch_threads': torch_threads,
        'top5': {'convscope': convscope_top, 'pytorch': torch_top,
                 'pytorch_probabilities': torch_probabilities},
        'machine': {'cpu': platform.processor() or platform.machine(), 'cores': os.cpu_count(),
                    'python': platform.python_version(),
                    'load_average_before': load_before, 'load_average_after': os.getloadavg()},
    }
    print()
    print('V1 CaffeNet caffemodel, %.1f MB, BVLC layout, seeded weights' % (size / 1e6))
    print('  models add (upload, parse, build, store)   %8.1f s' % upload_s)
    print('  first run, every layer and weight drawn     %8.0f ms' % first.ms)
    print('  warm run (new image), median of %d           %8.0f ms' % (len(warm), statistics.median(warm)))
    print('  inference service peak RSS: started %.0f MiB, after upload %.0f MiB, after runs %.0f MiB'
          % (before, after_upload, after_runs))
    print('  DL4J read and build in one JVM               %8.0f ms' % load_ms)
    print('  DL4J forward pass (1 thread), output only    %8.1f ms' % forward_ms)
    print('  DL4J forward pass (1 thread), every blob     %8.1f ms' % blobs_ms)
    print('  PyTorch forward pass, same weights           %8.1f ms  (%d threads)' % (torch_ms, torch_threads))
    print('  top-5 Convscope %s' % convscope_top)
    print('  top-5 PyTorch   %s' % torch_top)
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.out).write_text(json.dumps(result, indent=2) + '\n')
    say('wrote %s' % arguments.out)


if __name__ == '__main__':
    main()
