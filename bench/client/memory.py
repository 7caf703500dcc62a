"""Resident memory of each service over many CaffeNet requests in a row.

Run through bench/memory. Starts a private Convscope, sends one CaffeNet request (the weights are
drawn and the model's working memory is allocated), takes each service's resident set size (RSS)
as the baseline, then sends N more requests, each a new image, sampling RSS after every one. Prints
each service's baseline, peak and last RSS with the growth over the baseline, and writes the
samples as JSON. The target (issue "Benchmarks"): the last RSS within 10% of the baseline.
"""

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

import images
from gateway import timed_run
from progress import say
from system import Convscope

SERVICES = ('visualization-service', 'inference-service', 'gateway')
OPTIONS = {'max_width': 600, 'colormap': 'jet', 'skip_weights': 'false'}
GROWTH_TARGET = 0.10


def service_pids(session_leader):
    """The services' JVMs started by `./convscope up` (in its session), by module name."""
    pids = {}
    for entry in Path('/proc').iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != session_leader:
                continue
            command = (entry / 'cmdline').read_bytes().replace(b'\0', b' ').decode(errors='replace')
        except (OSError, ProcessLookupError):
            continue
        for service in SERVICES:
            if '/%s/target/quarkus-app/' % service in command and command.split(' ')[0].endswith('java'):
                pids[service] = int(entry.name)
    missing = [s for s in SERVICES if s not in pids]
    if missing:
        raise RuntimeError('could not find the processes of %s' % ', '.join(missing))
    return pids


def rss_mib(pid):
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError('no VmRSS for process %d' % pid)


def parse_arguments(root):
    parser = argparse.ArgumentParser(
        prog='bench/memory',
        description='Resident memory of each Convscope service over many CaffeNet requests in a row.')
    parser.add_argument('--requests', type=int, default=100, help='requests after the first (default 100)')
    parser.add_argument('--model', default='caffenet', help='the model (default caffenet)')
    parser.add_argument('--out', metavar='FILE', default=str(root / 'bench' / 'results' / 'memory.json'),
                        help='where to write the samples (default %(default)s)')
    parser.add_argument('--ready-timeout', type=int, default=1800, metavar='SECONDS')
    arguments = parser.parse_args()
    if arguments.requests < 1:
        parser.error('--requests must be at least 1')
    return arguments


def measure(system, arguments):
    pids = service_pids(system.process.pid)
    seeds = iter(range(1, 1 << 30))
    first = timed_run(system.gateway_port, arguments.model, images.colour_image(next(seeds)), OPTIONS)
    say('first request (weights drawn): %.0f ms' % first.ms)
    baseline = {s: rss_mib(p) for s, p in pids.items()}
    samples = {s: [] for s in SERVICES}
    times = []
    for index in range(arguments.requests):
        run = timed_run(system.gateway_port, arguments.model, images.colour_image(next(seeds)), OPTIONS)
        if run.from_manifest:
            raise RuntimeError('request %d was answered from a manifest; each must be a new image' % index)
        times.append(run.ms)
        for service, pid in pids.items():
            samples[service].append(rss_mib(pid))
        say('request %d/%d: %.0f ms; RSS MiB %s' % (
            index + 1, arguments.requests, run.ms,
            ', '.join('%s %.0f' % (s.split('-')[0], samples[s][-1]) for s in SERVICES)))
    return baseline, samples, times


def main():
    root = Path(__file__).resolve().parents[2]
    arguments = parse_arguments(root)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    system = Convscope(root)
    failed = True
    try:
        system.start(arguments.ready_timeout)
        baseline, samples, times = measure(system, arguments)
        failed = False
    finally:
        system.stop(keep_files=failed)

    print()
    print('%d %s requests after the first; RSS in MiB (baseline: after the first request)'
          % (arguments.requests, arguments.model))
    print('%-22s %9s %9s %9s %8s %7s' % ('service', 'baseline', 'peak', 'last', 'growth', 'met'))
    result = {'model': arguments.model, 'requests': arguments.requests,
              'growth_target': GROWTH_TARGET, 'request_ms': times, 'services': {}}
    for service in SERVICES:
        last, peak = samples[service][-1], max(samples[service])
        growth = last / baseline[service] - 1.0
        met = growth <= GROWTH_TARGET
        print('%-22s %9.0f %9.0f %9.0f %+7.1f%% %7s'
              % (service, baseline[service], peak, last, 100 * growth, 'yes' if met else 'no'))
        result['services'][service] = {'baseline_mib': baseline[service], 'peak_mib': peak,
                                       'last_mib': last, 'growth': growth, 'met': met,
                                       'samples_mib': samples[service]}
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.out).write_text(json.dumps(result, indent=2) + '\n')
    say('wrote %s' % arguments.out)


if __name__ == '__main__':
    main()
