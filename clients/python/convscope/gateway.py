"""Gateway: the gateway's REST API from Python: runs streamed as NDJSON and saved, model uploads."""

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

from convscope.errors import GatewayError
from convscope.forms import Form

NDJSON = "application/x-ndjson"
DEFAULT_URL = "http://localhost:8080"  # where ./convscope up starts the gateway
DEFAULT_TIMEOUT_SECONDS = 300.0

# A Caffe model's files, known by their names, and the form fields the gateway takes them in.
_CAFFE_FIELDS = {".prototxt": "network", ".caffemodel": "weights", ".binaryproto": "mean"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_MAX_NAME_LENGTH = 120


@dataclass
class Run:
    """A finished run saved to a folder: the run's events as the gateway told them."""

    run_id: str
    from_manifest: bool  # answered from a stored run, without running the network
    model: str
    model_digest: str
    image_digest: str
    predictions: List[dict]  # label, class_index, probability; most probable first
    weights: str  # "trained" or "untrained": whether the predictions mean anything
    weights_notice: Optional[str]  # a sentence to show beside predictions from untrained weights
    layers: List[dict] = field(default_factory=list)  # name, kind, layer_type, shape, statistics, pictures
    folder: Optional[Path] = None
    files: List[Path] = field(default_factory=list)  # every picture saved, then manifest.json


class Gateway:
    """A running gateway at ``url``: the one given, else $CONVSCOPE_GATEWAY_URL, else
    http://localhost:8080 (where ``./convscope up`` starts one), as ``./convscope visualize`` finds it.

    ``api_key`` (else $CONVSCOPE_API_KEY) is sent as a Bearer token when the gateway requires one.
    Every refusal raises GatewayError with the gateway's HTTP status, the problem's detail and its
    reason. ``timeout`` (seconds) bounds each wait for the gateway.
    """

    def __init__(self, url=None, api_key=None, timeout=DEFAULT_TIMEOUT_SECONDS):
        self.url = (url or os.environ.get("CONVSCOPE_GATEWAY_URL") or DEFAULT_URL).rstrip("/")
        self.api_key = api_key or os.environ.get("CONVSCOPE_API_KEY")
        self.timeout = timeout

    def models(self):
        """The models the gateway runs, by name, uploads included."""
        with self._send("GET", "/api/v1/models") as response:
            return json.load(response)

    def run_events(self, image, model=None, **options):
        """Runs ``image`` (a path, or PNG or JPEG bytes) and yields each event as it arrives.

        Events are dicts with a ``type``: "started", "predictions", one "layer" per layer as it is
        stored, "finished". ``options`` are the run's: top_k, colormap, max_width, normalize,
        layers (names), channels (indices), first_channels, skip_weights, npy (each layer's values
        too, as ``npy_url``). A run that fails after it started raises GatewayError from the
        gateway's error event.
        """
        body = image if isinstance(image, (bytes, bytearray)) else Path(image).read_bytes()
        query = _query(model=model, **options)
        headers = {"Content-Type": _image_type(body), "Accept": NDJSON}
        with self._send("POST", "/api/v1/runs" + query, body, headers) as response:
            for line in response:
                if not line.strip():
                    continue
                event = json.loads(line)
                if event.get("type") == "error":
                    raise _problem(event.get("problem", {}))
                yield event

    def run(self, image, out, model=None, **options):
        """Runs ``image`` and saves every layer's pictures (LAYER-KIND-PICTURE.png, as
        ``./convscope visualize`` names them) and the run's manifest.json into the folder ``out``;
        with ``npy=True``, each layer's values too, as LAYER-KIND.npy. Answers the Run; the options
        are run_events'.
        """
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        run = None
        for event in self.run_events(image, model, **options):
            kind = event.get("type")
            if kind == "started":
                run = Run(
                    run_id=event["run_id"],
                    from_manifest=event["from_manifest"],
                    model=event["model"],
                    model_digest=event["model_digest"],
                    image_digest=event["image_digest"],
                    predictions=[],
                    weights="unspecified",
                    weights_notice=None,
                    folder=folder,
                )
            elif kind == "predictions":
                run.predictions = event["predictions"]
                run.weights = event["weights"]
                run.weights_notice = event.get("weights_notice")
            elif kind == "layer":
                layer = event["layer"]
                run.layers.append(layer)
                for picture in layer["pictures"]:
                    target = folder / picture_file_name(layer["name"], layer["kind"], picture["kind"])
                    self._download(picture["url"], target)
                    run.files.append(target)
                if layer.get("npy_url"):
                    target = folder / values_file_name(layer["name"], layer["kind"])
                    self._download(layer["npy_url"], target)
                    run.files.append(target)
            elif kind == "finished":
                target = folder / "manifest.json"
                self._download(event["manifest_url"], target)
                run.files.append(target)
                return run
        raise ConnectionError(f"the gateway at {self.url} ended the run before it finished")

    def explain(self, image, out=None, model=None, class_index=None, progress=None, **options):
        """Why the model gave ``image`` (a path, or PNG or JPEG bytes) its class: attribution maps
        for the most probable class, or the one ``class_index`` names. ``options``: top_k, method
        (a list: saliency, gradient-x-input, gradcam, smoothgrad, integrated-gradients), layer
        (Grad-CAM's), samples, steps, colormap.

        Answers the gateway's JSON: the predictions, and per class and method its score, the map's
        statistics, ``picture_url`` (the map), ``overlay_url`` (the map over the image as the
        network saw it) and ``map_url`` (the raw map as .npy; see attribution_map). With ``out``,
        all three are saved there too, as RANK-CLASS.METHOD.png, RANK-CLASS.METHOD.overlay.png
        (``./convscope explain``'s names) and RANK-CLASS.METHOD.npy, and each entry's ``files``
        lists them. ``progress``, a function of (passes done, passes in all), is called after each
        gradient pass: SmoothGrad and integrated gradients take one per sample or step.
        """
        body = image if isinstance(image, (bytes, bytearray)) else Path(image).read_bytes()
        query = _query(model=model, **{"class": class_index}, **options)
        headers = {"Content-Type": _image_type(body)}
        if progress is None:
            with self._send("POST", "/api/v1/explanations" + query, body, headers) as response:
                explanation = json.load(response)
        else:
            explanation = self._watch_explanation(query, body, headers, progress)
        if out is not None:
            folder = Path(out)
            folder.mkdir(parents=True, exist_ok=True)
            ranks = {}
            for entry in explanation["attributions"]:
                rank = ranks.setdefault(entry["class_index"], len(ranks) + 1)
                stem = f"{rank}-{_slug(entry['label'])}.{entry['method']}"
                entry["files"] = [folder / f"{stem}.png", folder / f"{stem}.overlay.png", folder / f"{stem}.npy"]
                for url, target in zip(("picture_url", "overlay_url", "map_url"), entry["files"]):
                    self._download(entry[url], target)
        return explanation

    def layer_values(self, layer):
        """The values of one of a run's layers (a run asked with ``npy=True``): a float32 numpy
        array of the layer's shape, exactly the numbers its pictures were drawn from."""
        if not layer.get("npy_url"):
            raise ValueError(f"layer {layer.get('name')!r} has no values: run it with npy=True")
        return self._load_npy(layer["npy_url"])

    def attribution_map(self, entry):
        """The raw map of one of explain()'s entries: a float32 numpy array, height by width, with
        exactly the values its pictures were drawn from."""
        return self._load_npy(entry["map_url"])

    def _load_npy(self, url):
        import io

        import numpy as np

        with urllib.request.urlopen(urllib.parse.urljoin(self.url + "/", url)) as response:
            return np.load(io.BytesIO(response.read()), allow_pickle=False)

    def _watch_explanation(self, query, body, headers, progress):
        with self._send("POST", "/api/v1/explanations" + query, body, {**headers, "Accept": NDJSON}) as response:
            for line in response:
                if not line.strip():
                    continue
                event = json.loads(line)
                if event.get("type") == "error":
                    raise _problem(event.get("problem", {}))
                if event.get("type") == "progress":
                    progress(event["passes_done"], event["passes_total"])
                elif event.get("type") == "explanation":
                    return event["explanation"]
        raise ConnectionError(f"the gateway at {self.url} ended the explanation before its answer")

    def upload_model(self, *files, name=None, labels=None, preset=None, height=None, width=None):
        """Adds a model: one file (a DL4J zip, a Keras .h5 or an .onnx file), or a Caffe model's
        deploy.prototxt and .caffemodel (and optionally a mean .binaryproto).

        ``labels``: a file of one class per line, or a list of class names. ``preset``: caffe,
        digits or torchvision preprocessing. ``height`` and ``width``: for an ONNX input whose size
        the file leaves open. Answers the gateway's JSON, whose ``run`` ("sha256:...") names the
        model for run() and run_events().
        """
        if not files:
            raise ValueError("upload_model takes the model's files")
        form = Form()
        paths = [Path(file) for file in files]
        caffe = [path for path in paths if path.suffix.lower() in _CAFFE_FIELDS]
        if caffe:
            for path in paths:
                form.add_file(_CAFFE_FIELDS.get(path.suffix.lower(), path.name), path)
        elif len(paths) == 1:
            form.add_file("model", paths[0])
        else:
            raise ValueError(f"{len(paths)} files are one model only as Caffe's .prototxt and .caffemodel")
        if isinstance(labels, (list, tuple)):
            form.add_bytes("labels", "labels.txt", "".join(f"{label}\n" for label in labels).encode())
        elif labels is not None:
            form.add_file("labels", Path(labels))
        for field_name, value in (("name", name), ("preset", preset), ("height", height), ("width", width)):
            if value is not None:
                form.add_value(field_name, str(value))
        headers = {"Content-Type": form.content_type, "Content-Length": str(form.length)}
        with self._send("POST", "/api/v1/models", form.chunks(), headers) as response:
            return json.load(response)

    def remove_model(self, model):
        """Removes an uploaded model ("sha256:..."); models that come with the service stay."""
        with self._send("DELETE", "/api/v1/models/" + urllib.parse.quote(model, safe=":")):
            pass

    def _download(self, url, target):
        # Picture URLs are the gateway's own paths (/api/v1/pictures/...), or presigned URLs of the
        # store when the gateway is so set; either carries what it needs, so no key is sent.
        with urllib.request.urlopen(urllib.parse.urljoin(self.url + "/", url)) as response, \
                open(target, "wb") as out:
            while block := response.read(1 << 16):
                out.write(block)

    def _send(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        if self.api_key:
            request.add_header("Authorization", f"Bearer {self.api_key}")
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as refused:
            with refused:
                raise _refusal(refused) from None
        except urllib.error.URLError as unreachable:
            raise ConnectionError(f"no gateway answers at {self.url}: {unreachable.reason}") from None


def picture_file_name(layer, kind, picture_kind):
    """The file a picture is saved as: conv1-activation-tiles.png; no layer name leaves its folder."""
    return f"{_safe(layer)}-{kind}-{picture_kind}.png"


def values_file_name(layer, kind):
    """The file a layer's values are saved as: conv1-activation.npy."""
    return f"{_safe(layer)}-{kind}.npy"


def _safe(layer):
    safe = _UNSAFE.sub("_", layer)
    if not safe or safe.startswith("."):
        safe = "_" + safe
    return safe[:_MAX_NAME_LENGTH]


def _slug(label):
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _query(**options):
    pairs = []
    for name, value in options.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = str(value).lower()
        elif isinstance(value, (list, tuple)):
            value = ",".join(str(item) for item in value)
        pairs.append((name, str(value)))
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


def _image_type(body):
    # The gateway judges the image itself; this only says which of its two types it claims to be.
    return "image/jpeg" if body[:3] == b"\xff\xd8\xff" else "image/png"


def _refusal(refused):
    body = refused.read()
    try:
        problem = json.loads(body)
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        return GatewayError(refused.code, body.decode("utf-8", "replace").strip() or refused.reason)
    problem.setdefault("status", refused.code)
    return _problem(problem)


def _problem(problem):
    return GatewayError(
        problem.get("status"),
        problem.get("detail") or problem.get("title") or "the gateway gave no detail",
        problem.get("reason"),
    )

