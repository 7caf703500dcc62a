"""One timed run on the gateway: POST /api/v1/runs streamed as NDJSON, until `finished`."""

import http.client
import json
import time
import urllib.parse
from dataclasses import dataclass, field


class RunFailed(Exception):
    """The gateway answered with an error status or an `error` event, or the stream broke off."""


@dataclass
class TimedRun:
    """What one run took and what it said about itself."""
    seconds: float
    from_manifest: bool
    pretrained: bool
    layer_count: int
    layers: list = field(default_factory=list)   # the `layer` events' layer objects
    predictions: list = field(default_factory=list)   # the `predictions` event's, best first

    @property
    def ms(self):
        return 1000.0 * self.seconds

    def weight_keys(self):
        """The object keys of every weights picture, read from their presigned URLs."""
        return {_object_key(picture['url'])
                for layer in self.layers if layer['kind'] == 'weights'
                for picture in layer.get('pictures', [])}


def timed_run(port, model, image_png, options, timeout=300):
    """Sends one image and reads the stream to its end.

    The clock starts just before the request is sent and stops when the `finished` line has
    arrived, that is when every layer's pictures and the run's manifest are stored.
    """
    query = urllib.parse.urlencode({'model': model, **options})
    connection = http.client.HTTPConnection('localhost', port, timeout=timeout)
    try:
        start = time.perf_counter()
        connection.request('POST', '/api/v1/runs?' + query, body=image_png,
                           headers={'Content-Type': 'image/png', 'Accept': 'application/x-ndjson'})
        response = connection.getresponse()
        if response.status != 200:
            raise RunFailed('%s %s: HTTP %d %s' % (model, query, response.status,
                                                   response.read(2000).decode('utf-8', 'replace')))
        started, layers, predictions = None, [], []
        while True:
            line = response.readline()
            if not line:
                raise RunFailed('%s: the stream ended before `finished`' % model)
            if not line.strip():
                continue
            event = json.loads(line)
            kind = event.get('type')
            if kind == 'started':
                started = event
            elif kind == 'predictions':
                predictions = event['predictions']
            elif kind == 'layer':
                layers.append(event['layer'])
            elif kind == 'error':
                raise RunFailed('%s: %s' % (model, json.dumps(event.get('problem'))))
            elif kind == 'finished':
                seconds = time.perf_counter() - start
                break
    finally:
        connection.close()
    if started is None:
        raise RunFailed('%s: `finished` came without `started`' % model)
    if len(layers) != started['layer_count']:
        raise RunFailed('%s: %d layers announced, %d arrived' % (model, started['layer_count'], len(layers)))
    return TimedRun(seconds, started['from_manifest'], started['pretrained'], started['layer_count'], layers,
                    predictions)


def is_ready(port):
    """True when the gateway's readiness check answers 200 (it checks its neighbours too)."""
    connection = http.client.HTTPConnection('localhost', port, timeout=5)
    try:
        connection.request('GET', '/q/health/ready')
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _object_key(url):
    """`models/…/weights/conv1/tiles-jet-w600-norm.png` from a presigned path-style URL."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    return path.lstrip('/').split('/', 1)[1]   # drop the bucket
