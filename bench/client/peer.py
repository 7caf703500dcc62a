"""The peer: a DIGITS-style PyTorch script kept outside this repository, run in the same run."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from progress import say

# The interpreter Debian's python3-torch, python3-pil and python3-numpy install into.
PEER_PYTHON = '/usr/bin/python3'
PEER_PACKAGES = ['python3-torch', 'python3-pil', 'python3-numpy']
PEER_SCRIPT = 'torch_digits_peer.py'


class PeerMissing(Exception):
    """The peer's script (or the rendering reference it imports) is not where we were told."""


def locate(peer_dir):
    """The peer's script in peer_dir; it imports ../../conformance/reference/digits_vis.py."""
    peer_dir = Path(peer_dir).resolve()
    script = peer_dir / PEER_SCRIPT
    if not script.is_file():
        raise PeerMissing(
            'the peer benchmark is not at %s (no %s there).\n'
            'It lives outside this repository; give its folder with --peer DIR or CONVSCOPE_BENCH_PEER=DIR.'
            % (peer_dir, PEER_SCRIPT))
    reference = peer_dir.parent.parent / 'conformance' / 'reference' / 'digits_vis.py'
    if not reference.is_file():
        raise PeerMissing('the peer at %s needs the rendering reference %s, which is missing'
                          % (peer_dir, reference))
    return script


def ensure_python_packages():
    """Installs the peer's packages from Debian when its interpreter cannot import them."""
    check = [PEER_PYTHON, '-c', 'import torch, PIL, numpy']
    if subprocess.run(check, capture_output=True).returncode == 0:
        say('peer: torch, PIL and numpy import in %s' % PEER_PYTHON)
        return
    sudo = [] if os.geteuid() == 0 else ['sudo']
    environment = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    say('peer: %s cannot import torch, PIL and numpy; installing %s with apt-get'
        % (PEER_PYTHON, ' '.join(PEER_PACKAGES)))
    # apt-get's own lines (what it installs) go to stderr with the progress; stdout keeps the table.
    subprocess.run(sudo + ['apt-get', 'update'], check=True, env=environment, stdout=sys.stderr)
    subprocess.run(sudo + ['apt-get', 'install', '-y', '--no-install-recommends'] + PEER_PACKAGES,
                   check=True, env=environment, stdout=sys.stderr)
    if subprocess.run(check).returncode != 0:
        raise RuntimeError('after installing %s, %s still cannot import torch, PIL and numpy'
                           % (' '.join(PEER_PACKAGES), PEER_PYTHON))


def run(script, repeats, report_path):
    """Runs the peer; returns its JSON summary ({'CaffeNet': {...}, 'LeNet': {...}, 'machine': {...}}).

    Its Markdown tables (per-layer times) go to report_path.
    """
    with tempfile.TemporaryDirectory(prefix='convscope-bench-peer-') as tmp:
        summary_path = Path(tmp) / 'peer.json'
        command = [PEER_PYTHON, str(script), '--repeats', str(repeats), '--json', str(summary_path)]
        say('peer: %s (CaffeNet then LeNet, 1 warm-up + %d runs each)' % (' '.join(command), repeats))
        with open(report_path, 'w') as report:
            subprocess.run(command, check=True, stdout=report)
        return json.loads(summary_path.read_text())
