"""Convscope end to end on the gateway, side by side with the DIGITS-style PyTorch peer.

Run through bench/run; docs/benchmarks.md says what each figure means.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import peer
import report
from progress import say
from scenarios import Scenarios
from system import Convscope


def parse_arguments(root):
    default_peer = os.environ.get('CONVSCOPE_BENCH_PEER', str(root.parent / 'shared' / 'bench' / 'peer'))
    parser = argparse.ArgumentParser(
        prog='bench/run',
        description='Measures Convscope end to end on the gateway (CaffeNet cold, warm and repeated; '
                    'LeNet warm) and the DIGITS-style PyTorch peer in the same run, and prints their ratios.')
    parser.add_argument('--repeats', type=int, default=7, help='timed runs per figure, on both sides (default 7)')
    parser.add_argument('--warmup', type=int, default=2,
                        help='untimed runs per model before timing, with options no figure uses (default 2)')
    parser.add_argument('--peer', metavar='DIR', default=default_peer,
                        help='the peer benchmark\'s folder (default: $CONVSCOPE_BENCH_PEER or '
                             '../shared/bench/peer next to the repository: %(default)s)')
    parser.add_argument('--out', metavar='FILE',
                        help='where to write the JSON (default bench/results/DATE-NCORE-CPU.json)')
    parser.add_argument('--ready-timeout', type=int, default=1800, metavar='SECONDS',
                        help='how long to wait for ./convscope up, a first build included (default 1800)')
    parser.add_argument('--keep', action='store_true',
                        help='keep the stored objects and the log of ./convscope up (they are kept on failure)')
    arguments = parser.parse_args()
    if arguments.repeats < 1 or arguments.warmup < 0:
        parser.error('--repeats must be at least 1 and --warmup at least 0')
    return arguments


def convscope_commit(root):
    def git(*args):
        return subprocess.run(['git', *args], cwd=root, capture_output=True, text=True).stdout.strip()
    commit = git('rev-parse', '--short', 'HEAD') or 'unknown'
    return commit + ('+changes' if git('status', '--porcelain', '--untracked-files=no') else '')


def measure_convscope(root, arguments):
    """Starts a private Convscope, times the four figures, stops it (also on failure or Ctrl-C)."""
    system = Convscope(root)
    failed = True
    try:
        system.start(arguments.ready_timeout)
        scenarios = Scenarios(system.gateway_port, arguments.repeats, arguments.warmup)
        samples = scenarios.all_figures()
        failed = False
        return samples, scenarios.pretrained
    except Exception:
        say('the Convscope measurement failed; the end of the log of ./convscope up:\n' + system.log_tail())
        raise
    finally:
        system.stop(keep_files=failed or arguments.keep)


def main():
    root = Path(__file__).resolve().parents[2]
    arguments = parse_arguments(root)
    # SIGTERM ends the run like Ctrl-C does: through the `finally` that stops Convscope.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        peer_script = peer.locate(arguments.peer)
        peer.ensure_python_packages()
        say('peer: %s' % peer_script)
        machine = report.machine(root)
        out = Path(arguments.out) if arguments.out else report.default_result_path(root, machine)
        out.parent.mkdir(parents=True, exist_ok=True)
        # The peer first, while no Convscope service is running; its per-layer tables go beside the JSON.
        peer_summary = peer.run(peer_script, arguments.repeats, out.with_suffix('.peer.md'))
        say('peer: CaffeNet total %.0f ms, activations only %.0f ms; LeNet total %.0f ms, activations only %.0f ms'
            % (peer_summary['CaffeNet']['total'], peer_summary['CaffeNet']['activations_only'],
               peer_summary['LeNet']['total'], peer_summary['LeNet']['activations_only']))
        samples, pretrained = measure_convscope(root, arguments)
    except peer.PeerMissing as missing:
        say('error: %s' % missing)
        return 2
    except KeyboardInterrupt:
        say('interrupted')
        return 130

    result = report.figures(samples, peer_summary)
    machine['load_average_at_end'] = report.load_average()
    document = {
        **result,
        'peer': report.peer_figures(peer_summary),
        'machine': machine,
        'run': {
            'command': 'bench/run --repeats %d --warmup %d' % (arguments.repeats, arguments.warmup),
            'convscope_commit': convscope_commit(root),
            'repeats': arguments.repeats,
            'warmup_runs_per_model': arguments.warmup,
            'lenet_model': 'fashion-mnist (Caffe\'s MNIST LeNet layout)',
            'pretrained': pretrained,
            'timed': 'POST /api/v1/runs, Accept: application/x-ndjson, from sending the request to the '
                     '`finished` line (every layer stored, manifest written)',
            'order': 'the peer first, then Convscope, started once the peer had ended',
            # ./convscope up's memory settings, when overridden from the environment.
            'java_opts_overrides': {name: os.environ[name] for name in
                                    ('VIS_JAVA_OPTS', 'INF_JAVA_OPTS', 'GW_JAVA_OPTS', 'OMP_NUM_THREADS')
                                    if name in os.environ},
            'p95': 'nearest rank',
            'ratio': 'Convscope median / peer figure (the peer\'s median)',
            'peer_report': out.with_suffix('.peer.md').name,
        },
    }
    out.write_text(json.dumps(document, indent=2) + '\n')
    print()
    print('Convscope (end to end on the gateway) against the DIGITS-style PyTorch peer, %d runs each, %s, '
          '%d cores, %s:' % (arguments.repeats, machine['date'], machine['nproc'], machine['cpu']))
    print()
    print(report.table(result))
    print()
    say('written: %s' % out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
