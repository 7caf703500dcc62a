"""Progress lines on stderr, with the time since the start, so a long run shows it is alive."""

import sys
import time

_START = time.monotonic()


def say(message):
    elapsed = int(time.monotonic() - _START)
    print('bench [%2d:%02d] %s' % (elapsed // 60, elapsed % 60, message), file=sys.stderr, flush=True)
