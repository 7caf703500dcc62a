"""Gateway: the built-in model run end to end through the REST API, and model uploads."""

import json
import tempfile
import unittest
from pathlib import Path

import numpy
import torch
from torch import nn

import convscope
from tests.system import fashion_mnist_label, fashion_mnist_png, png_size, variable


class GatewayTest(unittest.TestCase):
    gateway = None

    @classmethod
    def setUpClass(cls):
        cls.gateway = convscope.Gateway()  # the address is $CONVSCOPE_GATEWAY_URL
        cls.boot = fashion_mnist_png(0)

    def folder(self):
        work = tempfile.TemporaryDirectory()
        self.addCleanup(work.cleanup)
        return Path(work.name)

    def test_the_built_in_model_runs_and_every_picture_and_the_manifest_are_saved(self):
        out = self.folder() / "boot"

        run = self.gateway.run(self.boot, out, top_k=3)

        self.assertEqual(run.model, "fashion-mnist")
        self.assertEqual(run.weights, "trained")
        self.assertIsNone(run.weights_notice)
        self.assertEqual(len(run.predictions), 3)
        self.assertEqual(run.predictions[0]["class_index"], fashion_mnist_label(0))
        manifest = json.loads((out / "manifest.json").read_text())
        self.assertEqual(manifest["run"]["model"], "fashion-mnist")
        self.assertEqual(len(manifest["layers"]), len(run.layers))
        saved = 0
        for layer in run.layers:
            for picture in layer["pictures"]:
                file = out / f"{layer['name']}-{layer['kind']}-{picture['kind']}.png"
                self.assertEqual(png_size(file.read_bytes()), (picture["width"], picture["height"]), file)
                saved += 1
        self.assertEqual(sorted(out.iterdir()), sorted(run.files))
        self.assertEqual(len(run.files), saved + 1)

        again = self.gateway.run(self.boot, self.folder(), top_k=3)
        self.assertTrue(again.from_manifest)
        self.assertEqual(again.run_id, run.run_id)

    def test_the_boot_is_explained_and_both_pictures_of_each_method_are_saved(self):
        out = self.folder() / "explained"

        explanation = self.gateway.explain(self.boot, out, method=["saliency", "gradcam"])

        self.assertEqual(explanation["predictions"][0]["class_index"], fashion_mnist_label(0))
        entries = explanation["attributions"]
        self.assertEqual([e["method"] for e in entries], ["saliency", "gradcam"])
        self.assertEqual(entries[1]["layer"], "pool2")
        for entry in entries:
            self.assertLessEqual(entry["statistics"]["min"], entry["statistics"]["mean"])
            picture, overlay, raw_map = entry["files"]
            for file in (picture, overlay):
                self.assertEqual(png_size(file.read_bytes()), (28, 28), file)
            self.assertEqual(numpy.load(raw_map).shape, (28, 28))
        self.assertEqual(sorted(p.name for p in out.iterdir()),
                         ["1-ankle-boot.gradcam.npy", "1-ankle-boot.gradcam.overlay.png", "1-ankle-boot.gradcam.png",
                          "1-ankle-boot.saliency.npy", "1-ankle-boot.saliency.overlay.png", "1-ankle-boot.saliency.png"])

    def test_a_run_asked_for_its_values_saves_and_loads_them_as_numpy(self):
        out = self.folder()
        run = self.gateway.run(fashion_mnist_png(9), out, layers=["conv1", "ip2"], npy=True)

        self.assertTrue(run.layers)
        for layer in run.layers:
            values = self.gateway.layer_values(layer)
            self.assertEqual(values.dtype, numpy.float32)
            self.assertEqual(list(values.shape), layer["shape"])
            self.assertEqual(values.max(), numpy.float32(layer["statistics"]["max"]))
            self.assertAlmostEqual(float(values.mean(dtype=numpy.float64)), layer["statistics"]["mean"], places=6)
            saved = out / f"{layer['name']}-{layer['kind']}.npy"
            self.assertIn(saved, run.files)
            self.assertTrue(numpy.array_equal(numpy.load(saved), values))
        plain = self.gateway.run(fashion_mnist_png(9), self.folder(), layers=["conv1"], skip_weights=True)
        with self.assertRaises(ValueError):
            self.gateway.layer_values(plain.layers[0])

    def test_a_raw_map_loads_as_numpy_with_the_figures_of_the_answer(self):
        out = self.folder()
        explanation = self.gateway.explain(self.boot, out, class_index=5, method=["gradient-x-input"])

        entry = explanation["attributions"][0]
        values = self.gateway.attribution_map(entry)

        self.assertEqual(values.dtype, numpy.float32)
        self.assertEqual(values.shape, (entry["height"], entry["width"]))
        # The gateway writes each float32 in its shortest form, which reads back to the same float32.
        self.assertEqual(values.min(), numpy.float32(entry["statistics"]["min"]))
        self.assertEqual(values.max(), numpy.float32(entry["statistics"]["max"]))
        self.assertAlmostEqual(float(values.mean(dtype=numpy.float64)), entry["statistics"]["mean"], places=6)
        self.assertTrue(numpy.array_equal(numpy.load(entry["files"][2]), values))

    def test_a_watched_explanation_tells_each_pass_before_answering(self):
        passes = []

        explanation = self.gateway.explain(self.boot, class_index=2, method=["smoothgrad"], samples=3,
                                           progress=lambda done, total: passes.append((done, total)))

        self.assertEqual(passes, [(1, 3), (2, 3), (3, 3)])
        self.assertEqual([e["method"] for e in explanation["attributions"]], ["smoothgrad"])
        with self.assertRaises(convscope.GatewayError) as refused:
            self.gateway.explain(self.boot, method=["smoothgrad"], samples=201, progress=lambda *_: None)
        self.assertEqual(refused.exception.status, 400)
        self.assertIn("samples", str(refused.exception))

    def test_an_explanation_with_a_bad_layer_raises_naming_it(self):
        with self.assertRaises(convscope.GatewayError) as refused:
            self.gateway.explain(self.boot, method=["gradcam"], layer="ip1")
        self.assertEqual(refused.exception.status, 400)
        self.assertIn("'ip1'", str(refused.exception))

    def test_events_arrive_in_order_one_per_layer(self):
        events = list(self.gateway.run_events(self.boot, layers=["conv1", "ip1"], skip_weights=True))

        self.assertEqual([e["type"] for e in events], ["started", "predictions", "layer", "layer", "finished"])
        self.assertEqual(events[0]["layer_count"], 2)
        self.assertEqual([e["layer"]["name"] for e in events[2:4]], ["conv1", "ip1"])

    def test_a_bad_option_raises_with_the_gateways_status_and_detail(self):
        with self.assertRaises(convscope.GatewayError) as refused:
            list(self.gateway.run_events(self.boot, colormap="sepia"))
        self.assertEqual(refused.exception.status, 400)
        self.assertIn("sepia", refused.exception.message)

    def test_an_unknown_model_raises_not_found(self):
        with self.assertRaises(convscope.GatewayError) as refused:
            self.gateway.run(self.boot, self.folder(), model="no-such-model")
        self.assertEqual(refused.exception.status, 404)
        self.assertIn("no-such-model", refused.exception.message)

    def test_an_uploaded_onnx_model_is_listed_runs_and_is_removed(self):
        torch.manual_seed(3)
        network = nn.Sequential(
            nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 26 * 26, 3), nn.Softmax(dim=1)
        ).eval()
        file = self.folder() / "tiny.onnx"
        torch.onnx.export(network, torch.rand(1, 1, 28, 28), str(file), input_names=["image"])

        uploaded = self.gateway.upload_model(file, name="python-tiny", labels=["cat", "dog", "bird"])
        self.addCleanup(self.gateway.remove_model, uploaded["run"])

        self.assertTrue(uploaded["run"].startswith("sha256:"))
        self.assertIn("python-tiny", [m.get("display_name") for m in self.gateway.models()])
        run = self.gateway.run(self.boot, self.folder(), model=uploaded["run"])
        self.assertEqual(sorted(p["label"] for p in run.predictions), ["bird", "cat", "dog"])
        self.assertTrue(run.layers)

    def test_a_file_that_is_no_model_is_refused_naming_it(self):
        file = self.folder() / "notes.txt"
        file.write_text("not a model\n")

        with self.assertRaises(convscope.GatewayError) as refused:
            self.gateway.upload_model(file)

        self.assertEqual(refused.exception.status, 415)
        self.assertIn("notes.txt", refused.exception.message)


class ApiKeyTest(unittest.TestCase):
    """A gateway that requires an API key: the client sends it as a Bearer token."""

    url = None

    @classmethod
    def setUpClass(cls):
        cls.url = variable("CONVSCOPE_KEYED_GATEWAY_URL")
        cls.key = variable("CONVSCOPE_KEYED_GATEWAY_API_KEY")

    def test_with_its_key_the_gateway_lists_models_and_runs(self):
        gateway = convscope.Gateway(self.url, api_key=self.key)

        self.assertIn("fashion-mnist", [m["name"] for m in gateway.models()])
        events = list(gateway.run_events(fashion_mnist_png(5), layers=["conv1"], skip_weights=True))
        self.assertEqual(events[-1]["type"], "finished")

    def test_without_a_key_or_with_another_the_gateway_answers_401(self):
        for key in (None, self.key + "-not"):
            with self.assertRaises(convscope.GatewayError) as refused:
                convscope.Gateway(self.url, api_key=key).models()
            self.assertEqual(refused.exception.status, 401, f"key {key!r}")


if __name__ == "__main__":
    unittest.main()
