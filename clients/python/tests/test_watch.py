"""watch: a small CNN built here, every layer streamed through forward hooks."""

import unittest

import numpy as np
import torch
from torch import nn

import convscope
from tests.system import Store, png_size


class SmallCnn(nn.Module):
    """Two convolutions and a classifier; no torchvision."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, kernel_size=5, padding=2)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(16 * 8 * 8, 10), nn.Softmax(dim=1))

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        return self.classifier(x)


LAYERS = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "classifier.0", "classifier.1", "classifier.2"]


class WatchTest(unittest.TestCase):
    store = None

    @classmethod
    def setUpClass(cls):
        cls.store = Store()
        torch.manual_seed(14)
        cls.model = SmallCnn().eval()
        cls.image = torch.rand(1, 3, 32, 32)

    def test_every_layer_is_drawn_by_module_path_without_the_batch_axis(self):
        results = convscope.watch(self.model, self.image)

        self.assertEqual(list(results), LAYERS)
        with torch.no_grad():
            expected = {
                "conv1": self.model.conv1(self.image),
                "classifier.2": self.model(self.image),
            }
        for name, output in expected.items():
            values = output[0].numpy().astype(np.float64)
            statistics = results[name].statistics
            self.assertEqual(statistics.value_count, values.size, name)
            self.assertTrue(np.isclose(statistics.mean, values.mean(), rtol=1e-6), name)
            self.assertTrue(np.isclose(statistics.max, values.max(), rtol=1e-6), name)
        self.assertEqual(len(results["conv1"].statistics.channel_means), 8, "(C,H,W): one mean per map")
        self.assertEqual(len(results["classifier.1"].statistics.channel_means), 10, "(N): one per value")
        for rendered in results.values():
            for picture in rendered.pictures:
                self.assertEqual(png_size(self.store.get(picture.key)), (picture.width, picture.height))

    def test_conv1s_picture_is_the_one_render_draws_from_the_same_array(self):
        watched = convscope.watch(self.model, self.image, layers=["conv1"])
        with torch.no_grad():
            conv1 = self.model.conv1(self.image)[0].numpy()

        rendered = convscope.render(conv1, "conv1-by-hand", layer_type="Conv2d")

        self.assertEqual(list(watched), ["conv1"])
        watched_pictures = watched["conv1"].pictures
        self.assertEqual([p.key for p in watched_pictures], [p.key for p in rendered.pictures])
        for by_hook, by_hand in zip(watched_pictures, rendered.pictures, strict=True):
            self.assertEqual(self.store.get(by_hook.key), self.store.get(by_hand.key))
        self.assertEqual(watched["conv1"].statistics, rendered.statistics)

    def test_weights_follow_the_activations_named_after_their_modules(self):
        results = convscope.watch(self.model, self.image, layers=["conv1", "classifier.1"], weights=True)

        self.assertEqual(list(results), ["conv1", "classifier.1", "conv1.weight", "classifier.1.weight"])
        weights = self.model.conv1.weight.detach().numpy().astype(np.float64)
        statistics = results["conv1.weight"].statistics
        self.assertEqual(statistics.value_count, weights.size)
        self.assertTrue(np.isclose(statistics.stddev, weights.std(), rtol=1e-6))
        self.assertEqual([p.kind for p in results["classifier.1.weight"].pictures], ["tiles", "heatmap"])

    def test_a_module_called_twice_is_drawn_twice(self):
        relu = nn.ReLU()
        model = nn.Sequential(nn.Linear(4, 4), relu, nn.Linear(4, 4), relu).eval()

        results = convscope.watch(model, torch.rand(1, 4))

        self.assertEqual(list(results), ["0", "1", "2", "1/2"])

    def test_an_unknown_layer_is_refused_naming_it(self):
        with self.assertRaises(ValueError) as refused:
            convscope.watch(self.model, self.image, layers=["conv3"])
        self.assertIn("'conv3'", str(refused.exception))
        self.assertIn("conv2", str(refused.exception))

    def test_a_batch_of_more_than_one_is_refused(self):
        with self.assertRaises(ValueError) as refused:
            convscope.watch(self.model, torch.rand(2, 3, 32, 32))
        self.assertIn("one input", str(refused.exception))
        self.assertEqual(dict(self.model.conv1._forward_hooks), {}, "a failed pass leaves its hooks")

    def test_hooks_are_removed_afterwards(self):
        convscope.watch(self.model, self.image, layers=["conv1"])
        self.assertEqual(dict(self.model.conv1._forward_hooks), {})


if __name__ == "__main__":
    unittest.main()
