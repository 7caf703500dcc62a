"""render and render_many against the running visualization service."""

import unittest

import grpc
import numpy as np

import convscope
from tests.system import Store, png_size

RELATIVE = 1e-6


class RenderTest(unittest.TestCase):
    store = None

    @classmethod
    def setUpClass(cls):
        cls.store = Store()

    def assertClose(self, actual, expected, what):
        self.assertTrue(
            np.isclose(actual, expected, rtol=RELATIVE, atol=0),
            f"{what}: {actual} from the service, {expected} from numpy",
        )

    def assertStatisticsOf(self, values, statistics):
        """The service's figures against numpy's in float64 over the finite values."""
        finite = values[np.isfinite(values)].astype(np.float64)
        self.assertEqual(statistics.value_count, values.size)
        self.assertEqual(statistics.nan_count, int(np.isnan(values).sum()))
        self.assertEqual(statistics.infinite_count, int(np.isinf(values).sum()))
        self.assertClose(statistics.mean, finite.mean(), "mean")
        self.assertClose(statistics.stddev, finite.std(), "population standard deviation")
        self.assertClose(statistics.min, finite.min(), "min")
        self.assertClose(statistics.max, finite.max(), "max")
        counts, edges = np.histogram(finite, bins=20, range=(finite.min(), finite.max()))
        self.assertEqual(statistics.counts, counts.tolist())
        centers = (edges[:-1] + edges[1:]) / 2
        for actual, expected in zip(statistics.centers, centers, strict=True):
            self.assertClose(actual, expected, "histogram bin centre")

    def assertStored(self, rendered):
        """Each picture's key is in the store and decodes as a PNG of the stated size."""
        self.assertTrue(rendered.pictures, f"{rendered.name} has no pictures")
        for picture in rendered.pictures:
            data = self.store.get(picture.key)
            self.assertIsNotNone(data, f"{picture.key} is not in the store")
            self.assertEqual(len(data), picture.size_bytes, picture.key)
            self.assertEqual(png_size(data), (picture.width, picture.height), picture.key)

    def test_statistics_of_float32_maps_equal_numpys_float64_figures(self):
        values = np.random.default_rng(1).normal(2.5, 3.0, size=(6, 13, 11)).astype(np.float32)

        rendered = convscope.render(values, "maps")

        self.assertEqual(rendered.name, "maps")
        self.assertStatisticsOf(values, rendered.statistics)
        channel_means = values.astype(np.float64).reshape(6, -1).mean(axis=1)
        for actual, expected in zip(rendered.statistics.channel_means, channel_means, strict=True):
            self.assertClose(actual, expected, "channel mean")
        self.assertStored(rendered)

    def test_float64_weights_are_measured_in_their_own_precision(self):
        values = np.random.default_rng(2).uniform(-1.0, 3.0, size=(4, 3, 5, 5))

        rendered = convscope.render(values, "conv.weight", kind="weights", colormap="viridis")

        self.assertStatisticsOf(values, rendered.statistics)
        self.assertEqual(rendered.statistics.channel_means, [], "weights have no channel means")
        self.assertStored(rendered)

    def test_nan_and_infinite_values_are_counted_and_left_out(self):
        values = np.random.default_rng(3).normal(1.0, 1.0, size=500).astype(np.float32)
        values[[7, 90]] = np.nan
        values[200] = np.inf

        rendered = convscope.render(values, "vector")

        self.assertStatisticsOf(values, rendered.statistics)
        self.assertEqual([p.kind for p in rendered.pictures], ["tiles", "line_plot", "histogram"])
        self.assertStored(rendered)

    def test_a_tensor_of_several_mebibytes_arrives_whole_in_chunks(self):
        # 3.5 MiB: four chunks, the last one short; the service refuses any chunk over 1 MiB.
        values = np.random.default_rng(4).normal(-4.0, 2.0, size=(7, 256, 512)).astype(np.float32)

        rendered = convscope.render(values, "large", max_width=300, channels=3)

        self.assertStatisticsOf(values, rendered.statistics)
        self.assertLessEqual(rendered.picture("tiles").width, 300)
        self.assertStored(rendered)

    def test_render_many_answers_each_tensor_in_order(self):
        rng = np.random.default_rng(5)
        tensors = [
            convscope.TensorToRender(rng.normal(size=(4, 8, 8)).astype(np.float32), "first", channels=[2, 0]),
            convscope.TensorToRender(rng.normal(size=(10,)), "second", normalize=False),
            convscope.TensorToRender(rng.normal(size=(5, 7)).astype(np.float32), "third.weight", kind="weights"),
        ]

        results = convscope.render_many(tensors)

        self.assertEqual([r.name for r in results], ["first", "second", "third.weight"])
        for tensor, rendered in zip(tensors, results, strict=True):
            self.assertStatisticsOf(tensor.array, rendered.statistics)
            self.assertStored(rendered)
        self.assertEqual(results[2].pictures[1].kind, "heatmap")

    def test_the_same_array_again_is_stored_once(self):
        values = np.arange(1.0, 49.0, dtype=np.float32).reshape(3, 4, 4)

        first = convscope.render(values, "again")
        second = convscope.render(values, "again-renamed")

        self.assertEqual([p.key for p in first.pictures], [p.key for p in second.pictures])
        self.assertTrue(all(p.reused for p in second.pictures))


class RefusedArrayTest(unittest.TestCase):
    """Arrays the service refuses raise ServiceError with its status and message, storing nothing."""

    store = None

    @classmethod
    def setUpClass(cls):
        cls.store = Store()

    def assertRefused(self, array, status, *words):
        before = self.store.keys("tensors/")
        with self.assertRaises(convscope.ServiceError) as refused:
            convscope.render(array, "refused")
        self.assertEqual(refused.exception.status, status, refused.exception.message)
        for word in words:
            self.assertIn(word, refused.exception.message)
        self.assertIn(refused.exception.message, str(refused.exception))
        self.assertEqual(self.store.keys("tensors/"), before, "a refused array stored pictures")
        return refused.exception

    def test_a_0_d_array_is_refused(self):
        self.assertRefused(np.float32(1.5), grpc.StatusCode.INVALID_ARGUMENT, "shape []", "0 axes")

    def test_a_5_d_array_is_refused(self):
        self.assertRefused(np.ones((1, 2, 2, 2, 2), np.float32), grpc.StatusCode.INVALID_ARGUMENT, "5 axes")

    def test_a_complex_array_is_refused(self):
        self.assertRefused(np.ones((2, 3), np.complex64), grpc.StatusCode.INVALID_ARGUMENT, "data type")

    def test_an_integer_array_is_refused(self):
        self.assertRefused(np.ones((2, 3), np.int32), grpc.StatusCode.INVALID_ARGUMENT, "data type")

    def test_an_array_over_the_size_limit_is_refused(self):
        # 256 MiB and 64 KiB of zeros: numpy maps them lazily, and the service refuses the header.
        huge = np.zeros((16385, 4096), np.float32)
        self.assertRefused(huge, grpc.StatusCode.RESOURCE_EXHAUSTED, str(huge.nbytes), "at most")

    def test_results_before_a_refusal_stay_with_the_error(self):
        good = convscope.TensorToRender(np.linspace(0, 1, 12, dtype=np.float32), "before-refusal")
        bad = convscope.TensorToRender(np.ones((2, 2), np.int64), "refused")

        with self.assertRaises(convscope.ServiceError) as refused:
            convscope.render_many([good, bad])

        self.assertEqual([r.name for r in refused.exception.completed], ["before-refusal"])
        self.assertIn("'refused'", refused.exception.message)

    def test_an_unknown_colormap_is_refused_naming_it(self):
        with self.assertRaises(convscope.ServiceError) as refused:
            convscope.render(np.ones(4, np.float32), "colours", colormap="sepia")
        self.assertEqual(refused.exception.status, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("sepia", refused.exception.message)

    def test_an_option_python_can_check_is_refused_before_any_call(self):
        with self.assertRaises(ValueError) as refused:
            convscope.TensorToRender(np.ones(3), "x", kind="bias")
        self.assertIn("'bias'", str(refused.exception))


if __name__ == "__main__":
    unittest.main()
