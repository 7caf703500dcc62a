"""Starts a private Convscope (`./convscope up`) on free ports and stops it again."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from gateway import is_ready
from progress import say


def free_ports(count):
    """Ports nobody listens on now; all held open until every one is chosen, so they differ."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(('127.0.0.1', 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


class Convscope:
    """`./convscope up` with its own ports and an empty data folder, so a developer's running
    instance (default ports, .convscope/data) is neither used nor disturbed."""

    def __init__(self, root, extra_arguments=()):
        self.root = Path(root)
        self.extra_arguments = list(extra_arguments)
        self.work = Path(tempfile.mkdtemp(prefix='convscope-bench-'))
        self.data = self.work / 'data'
        self.log = self.work / 'up.log'
        self.gateway_port, self.store_port, self.visualization_port, self.inference_port = free_ports(4)
        self.process = None

    def start(self, ready_within_seconds):
        """Starts everything (building first if needed) and waits for the gateway to be ready."""
        command = ['./convscope', 'up', '--port', str(self.gateway_port),
                   '--store-port', str(self.store_port),
                   '--visualization-port', str(self.visualization_port),
                   '--inference-port', str(self.inference_port), '--data', str(self.data),
                   *self.extra_arguments]
        say('starting Convscope: %s' % ' '.join(command))
        say('  (it builds first when nothing is built or sources changed; output in %s)' % self.log)
        with open(self.log, 'wb') as log:
            # A session of its own: Ctrl-C in the terminal reaches only this script, which then
            # sends the one SIGTERM that makes `./convscope up` stop its services in order.
            self.process = subprocess.Popen(command, cwd=self.root, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + ready_within_seconds
        last_note = time.monotonic()
        while not is_ready(self.gateway_port):
            if self.process.poll() is not None:
                raise RuntimeError('./convscope up exited with status %d before the gateway was ready:\n%s'
                                   % (self.process.returncode, self.log_tail()))
            if time.monotonic() > deadline:
                raise RuntimeError('the gateway was not ready within %d s:\n%s'
                                   % (ready_within_seconds, self.log_tail()))
            if time.monotonic() - last_note > 60:
                say('  still waiting for http://localhost:%d/q/health/ready ...' % self.gateway_port)
                last_note = time.monotonic()
            time.sleep(1)
        say('Convscope is up: gateway on http://localhost:%d' % self.gateway_port)

    def stop(self, keep_files=False, within_seconds=120):
        """SIGTERM to `./convscope up`, which stops every service it started and waits for them.

        Removes the data folder and the log unless asked to keep them (or the run failed).
        """
        if self.process is not None and self.process.poll() is None:
            say('stopping Convscope ...')
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(within_seconds)
            except subprocess.TimeoutExpired:
                # Last resort: the services are in the session started above, and only there.
                say('  ./convscope up did not stop within %d s; killing its process group' % within_seconds)
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            say('Convscope stopped')
        if keep_files:
            say('kept the objects and the log of ./convscope up under %s' % self.work)
        else:
            shutil.rmtree(self.work, ignore_errors=True)

    def log_tail(self, lines=30):
        try:
            return '\n'.join(self.log.read_text(errors='replace').splitlines()[-lines:])
        except OSError:
            return '(no log)'
