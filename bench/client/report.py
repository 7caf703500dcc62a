"""Turns samples and the peer's summary into ratios, one table and one JSON document."""

import datetime
import math
import os
import platform
import re
import statistics
import subprocess
from pathlib import Path

# figure key, what it is, the peer's network and figure it is compared with, the target ratio.
FIGURES = [
    ('caffenet.cold', 'CaffeNet cold (weights drawn)', 'CaffeNet', 'total', 0.25),
    ('caffenet.warm', 'CaffeNet warm (weights cached)', 'CaffeNet', 'activations_only', 1.0),
    ('caffenet.repeat', 'CaffeNet repeat (manifest)', 'CaffeNet', 'activations_only', 0.02),
    ('lenet.warm', 'LeNet warm (fashion-mnist)', 'LeNet', 'activations_only', 2.0),
]


def p95(samples):
    """The nearest-rank 95th percentile: with 7 samples, the slowest."""
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def figures(samples_by_key, peer_summary):
    """{'caffenet': {'cold': {...}, ...}, 'lenet': {'warm': {...}}} with medians, ratios and verdicts."""
    result = {}
    for key, _, peer_net, peer_figure, target in FIGURES:
        samples = samples_by_key[key]
        median = statistics.median(samples)
        peer_ms = peer_summary[peer_net][peer_figure]
        ratio = median / peer_ms
        network, kind = key.split('.')
        result.setdefault(network, {})[kind] = {
            'convscope_ms': {'median': round(median, 1), 'p95': round(p95(samples), 1),
                             'samples': [round(s, 1) for s in samples]},
            'peer_figure': '%s.%s' % (peer_net.lower(), peer_figure),
            'peer_ms': round(peer_ms, 1),
            'ratio': round(ratio, 4),
            'target': target,
            'met': ratio <= target,
        }
    return result


def peer_figures(peer_summary):
    """The peer's three per-image figures per network, in ms, plus its own machine facts."""
    out = {}
    for net in ('CaffeNet', 'LeNet'):
        summary = peer_summary[net]
        out[net.lower()] = {'total_ms': round(summary['total'], 1),
                            'activations_only_ms': round(summary['activations_only'], 1),
                            'forward_ms': round(summary['forward'], 1)}
    out['machine'] = peer_summary.get('machine', {})
    return out


def table(result):
    """The figures as one Markdown table (printed, and pasted into docs/benchmarks.md)."""
    lines = ['| figure | Convscope median ms | Convscope p95 ms | compared with (peer) | peer ms '
             '| ratio | target | met |',
             '| --- | ---: | ---: | --- | ---: | ---: | ---: | --- |']
    for key, label, _, _, _ in FIGURES:
        network, kind = key.split('.')
        f = result[network][kind]
        lines.append('| %s | %.1f | %.1f | %s | %.1f | %.3f | <= %s | %s |'
                     % (label, f['convscope_ms']['median'], f['convscope_ms']['p95'], f['peer_figure'],
                        f['peer_ms'], f['ratio'], f['target'], 'met' if f['met'] else 'not met'))
    return '\n'.join(lines)


def machine(root):
    """What the run ran on: enough to tell machines apart, nothing that names a person."""
    def first_line(command):
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=root)
            return (done.stdout + done.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return 'unknown'

    cpu, memory_kib, os_name = platform.machine(), None, platform.system()
    try:
        cpu = next(line.split(':', 1)[1].strip() for line in Path('/proc/cpuinfo').read_text().splitlines()
                   if line.startswith('model name'))
    except (OSError, StopIteration):
        pass
    try:
        memory_kib = int(next(line.split()[1] for line in Path('/proc/meminfo').read_text().splitlines()
                              if line.startswith('MemTotal:')))
    except (OSError, StopIteration, ValueError):
        pass
    try:
        os_name = next(line.split('=', 1)[1].strip('"') for line in Path('/etc/os-release').read_text().splitlines()
                       if line.startswith('PRETTY_NAME='))
    except (OSError, StopIteration):
        pass
    return {
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        'nproc': os.cpu_count(),
        'cpu': cpu,
        'ram_gib': round(memory_kib / 1024 ** 2, 1) if memory_kib else None,
        'os': '%s, Linux %s' % (os_name, platform.release()),
        'java': first_line(['java', '-version']),
        'python': platform.python_version(),
        # Other work on the machine shows here (1, 5 and 15 minute load averages).
        'load_average_at_start': load_average(),
    }


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


def default_result_path(root, machine_facts):
    """bench/results/<date>-<nproc>core-<cpu>.json: tells runs and machines apart without a host name."""
    date = machine_facts['date'][:10]
    words = re.split(r'[^a-z0-9]+', machine_facts['cpu'].lower())
    cpu = '-'.join(w for w in words if w and w not in ('r', 'tm', 'processor', 'cpu')) or 'cpu'
    return Path(root) / 'bench' / 'results' / ('%s-%dcore-%s.json' % (date, machine_facts['nproc'], cpu))
