"""Data-set job throughput with one and with more visualization replicas, in one run.

Run through bench/jobs. For each replica count, one after the other: a private Convscope with
that many visualization services (`./convscope up --visualization-replicas N`, fresh store),
then `./convscope batch run` over the first images of the Fashion-MNIST test set, timed as a
whole process (the upload of the IDX files included). Prints images per second and accuracy
for each count and writes them as JSON.
"""

import argparse
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from progress import say
from system import Convscope

IMAGES = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz'
LABELS = '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz'


def parse_arguments(root):
    parser = argparse.ArgumentParser(
        prog='bench/jobs',
        description='Data-set job throughput with 1 and 2 visualization replicas, in one run.')
    parser.add_argument('--replicas', type=int, nargs='+', default=[1, 2],
                        help='visualization replica counts, measured in this order (default 1 2)')
    parser.add_argument('--limit', type=int, default=400, help='images per job (default 400)')
    parser.add_argument('--shard-size', type=int, default=50, help='images per shard (default 50)')
    parser.add_argument('--out', metavar='FILE', default=str(root / 'bench' / 'results' / 'jobs.json'))
    parser.add_argument('--ready-timeout', type=int, default=1800, metavar='SECONDS')
    return parser.parse_args()


def one_job(root, system, arguments):
    command = ['./convscope', 'batch', 'run', '--gateway', 'http://localhost:%d' % system.gateway_port,
               '--idx', IMAGES, '--labels', LABELS, '--limit', str(arguments.limit),
               '--shard-size', str(arguments.shard_size)]
    start = time.monotonic()
    done = subprocess.run(command, cwd=root, stdout=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        raise RuntimeError('batch run exited with %d:\n%s' % (done.returncode, done.stdout))
    accuracy = re.search(r'accuracy ([0-9.]+)%', done.stdout)
    return {'seconds': seconds, 'images_per_second': arguments.limit / seconds,
            'accuracy_percent': float(accuracy.group(1)) if accuracy else None}


def main():
    root = Path(__file__).resolve().parents[2]
    arguments = parse_arguments(root)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = {}
    for replicas in arguments.replicas:
        system = Convscope(root, ['--visualization-replicas', str(replicas)])
        failed = True
        try:
            system.start(arguments.ready_timeout)
            say('%d visualization replica(s): a job of %d images' % (replicas, arguments.limit))
            results[replicas] = one_job(root, system, arguments)
            failed = False
        finally:
            system.stop(keep_files=failed)
        say('%d replica(s): %.2f images/s' % (replicas, results[replicas]['images_per_second']))
    print()
    print('%d Fashion-MNIST test images, shard size %d, built-in model'
          % (arguments.limit, arguments.shard_size))
    print('%-24s %10s %12s %10s' % ('visualization replicas', 'seconds', 'images/s', 'accuracy'))
    for replicas, figures in results.items():
        print('%-24d %10.1f %12.2f %9.1f%%' % (replicas, figures['seconds'],
                                              figures['images_per_second'], figures['accuracy_percent'] or 0))
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.out).write_text(json.dumps(
        {'limit': arguments.limit, 'shard_size': arguments.shard_size,
         'replicas': {str(k): v for k, v in results.items()}}, indent=2) + '\n')
    say('wrote %s' % arguments.out)


if __name__ == '__main__':
    main()
