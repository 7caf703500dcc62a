"""The four Convscope figures: how each run is made cold, warm or a repeat, and checked to be so.

Weights are drawn once per model and set of render options, then answered from the inference
service's memory (and their pictures are content addressed in the store). So:

- cold:   a render option never used before (max_width 601, 602, ...) and a new image, weights
          included: nothing is cached under the new options, every weight is drawn and stored.
          Checked: every weights picture key in the answer is one no earlier run of this
          benchmark got back (the store is empty when the benchmark starts).
- warm:   the options of a run made just before (the defaults, max_width 600), a new image each
          time, weights included: activations are drawn, weights come from the cache.
          Checked: the weights picture keys are the same as the priming run's.
- repeat: the last warm image with the same options again: the gateway answers from the stored
          manifest without running the network. Checked: `from_manifest` is true.
"""

import itertools

import images
from gateway import timed_run
from progress import say

CAFFENET = 'caffenet'
# Caffe's MNIST LeNet layout (conv 20 5x5, pool, conv 50 5x5, pool, ip1 500, ReLU, ip2 10,
# softmax), the peer's LeNet; DL4J's zoo `lenet` is a different net.
LENET_LAYOUT_MODEL = 'fashion-mnist'

WARM_OPTIONS = {'max_width': 600, 'colormap': 'jet', 'skip_weights': 'false'}
WARMUP_OPTIONS = {'max_width': 599, 'colormap': 'jet', 'skip_weights': 'false'}
COLD_FIRST_WIDTH = 601


class NotAsIntended(Exception):
    """A run was not what its figure needs (weights reused in a cold run, say)."""


class Images:
    """A new image for every request: each seed is used once, so every image digest is new."""

    def __init__(self):
        self._seeds = itertools.count(1)

    def colour(self):
        return images.colour_image(next(self._seeds))

    def digit(self):
        return images.digit_image(next(self._seeds))


class Scenarios:
    def __init__(self, gateway_port, repeats, warmup):
        self.port = gateway_port
        self.repeats = repeats
        self.warmup = warmup
        self.images = Images()
        self.weight_keys_seen = set()   # every weights picture key any run has got back
        self.pretrained = {}

    def run(self, model, image, options):
        result = timed_run(self.port, model, image, options)
        self.pretrained[model] = result.pretrained
        return result

    def warm_up(self):
        """Untimed: loads both models and lets the JVMs compile the paths the figures use,
        with options no figure uses."""
        for index in range(self.warmup):
            for model, image in ((CAFFENET, self.images.colour()), (LENET_LAYOUT_MODEL, self.images.digit())):
                result = self.run(model, image, WARMUP_OPTIONS)
                self.weight_keys_seen |= result.weight_keys()
                say('warm-up %d/%d %s: %.0f ms' % (index + 1, self.warmup, model, result.ms))

    def caffenet_cold(self):
        samples = []
        for index in range(self.repeats):
            options = dict(WARM_OPTIONS, max_width=COLD_FIRST_WIDTH + index)
            result = self.run(CAFFENET, self.images.colour(), options)
            keys = result.weight_keys()
            if not keys or not keys.isdisjoint(self.weight_keys_seen):
                raise NotAsIntended('cold run %d: its weights were not all drawn anew' % (index + 1))
            self.weight_keys_seen |= keys
            samples.append(result.ms)
            say('caffenet cold %d/%d (max_width %d, %d weights pictures drawn): %.0f ms'
                % (index + 1, self.repeats, options['max_width'], len(keys), result.ms))
        return samples

    def warm(self, model, new_image, label):
        """Primes the weights with one run, then times new images with the same options."""
        primed = self.run(model, new_image(), WARM_OPTIONS)
        self.weight_keys_seen |= primed.weight_keys()
        say('%s warm: priming run (weights drawn): %.0f ms' % (label, primed.ms))
        samples, image = [], None
        for index in range(self.repeats):
            image = new_image()
            result = self.run(model, image, WARM_OPTIONS)
            if result.from_manifest or result.weight_keys() != primed.weight_keys():
                raise NotAsIntended('%s warm run %d: not a fresh run with the cached weights' % (label, index + 1))
            samples.append(result.ms)
            say('%s warm %d/%d: %.0f ms' % (label, index + 1, self.repeats, result.ms))
        return samples, image

    def caffenet_repeat(self, image):
        samples = []
        for index in range(self.repeats):
            result = self.run(CAFFENET, image, WARM_OPTIONS)
            if not result.from_manifest:
                raise NotAsIntended('repeat %d was not answered from the manifest' % (index + 1))
            samples.append(result.ms)
            say('caffenet repeat %d/%d (from the manifest): %.0f ms' % (index + 1, self.repeats, result.ms))
        return samples

    def all_figures(self):
        """{'caffenet.cold': [ms, ...], 'caffenet.warm': ..., 'caffenet.repeat': ..., 'lenet.warm': ...}"""
        self.warm_up()
        cold = self.caffenet_cold()
        warm, last_warm_image = self.warm(CAFFENET, self.images.colour, 'caffenet')
        repeat = self.caffenet_repeat(last_warm_image)
        lenet_warm, _ = self.warm(LENET_LAYOUT_MODEL, self.images.digit, 'lenet (%s)' % LENET_LAYOUT_MODEL)
        return {'caffenet.cold': cold, 'caffenet.warm': warm,
                'caffenet.repeat': repeat, 'lenet.warm': lenet_warm}
