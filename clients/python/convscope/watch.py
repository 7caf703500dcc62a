"""watch: a PyTorch module's layers drawn as it runs one input, captured with forward hooks."""

from convscope.tensors import TensorToRender
from convscope.visualization import DEFAULT_TIMEOUT_SECONDS, render_many


def watch(module, input, layers=None, weights=False, *, address=None, timeout=DEFAULT_TIMEOUT_SECONDS, **options):
    """Runs ``input`` (a batch of one) through ``module`` and draws what each chosen submodule put out.

    ``layers``: module paths as ``named_modules()`` gives them ("features.0", "layer1.0.conv1");
    by default every leaf module. Each output is drawn without its batch axis, named by its path
    (a module called again in the same pass adds "/2", "/3", ...); with ``weights``, each chosen
    module's ``weight`` follows as "PATH.weight". ``options`` are render's drawing options
    (colormap, max_width, normalize, channels, channel_order), for every tensor. Answers the Rendered results by name, in the order the network produced them.
    """
    import torch

    chosen = _chosen(module, layers)
    captured = []
    calls = {}

    def capture(path, layer_type):
        def hook(_module, _inputs, output):
            if not isinstance(output, torch.Tensor):
                raise TypeError(
                    f"watch draws tensors; {path} ({layer_type}) put out a {type(output).__name__}: "
                    "leave it out with layers=[...]"
                )
            if output.dim() == 0 or output.shape[0] != 1:
                raise ValueError(
                    f"watch runs one input: {path}'s output has shape {tuple(output.shape)}, "
                    "expected a batch axis of 1 first"
                )
            calls[path] = calls.get(path, 0) + 1
            name = path if calls[path] == 1 else f"{path}/{calls[path]}"
            captured.append((name, layer_type, _as_numpy(output[0])))

        return hook

    handles = [sub.register_forward_hook(capture(path, type(sub).__name__)) for path, sub in chosen]
    try:
        with torch.no_grad():
            module(input)
    finally:
        for handle in handles:
            handle.remove()

    tensors = [TensorToRender(array, name, layer_type=layer_type, **options) for name, layer_type, array in captured]
    if weights:
        for path, sub in chosen:
            weight = getattr(sub, "weight", None)
            if isinstance(weight, torch.Tensor):
                tensors.append(
                    TensorToRender(
                        _as_numpy(weight),
                        f"{path}.weight",
                        kind="weights",
                        layer_type=type(sub).__name__,
                        **options,
                    )
                )
    results = render_many(tensors, address=address, timeout=timeout)
    return {result.name: result for result in results}


def _chosen(module, layers):
    """(path, submodule) pairs in the module's order: the named ones, or every leaf."""
    named = dict(module.named_modules())
    if layers is None:
        chosen = [(path, sub) for path, sub in named.items() if path and not any(True for _ in sub.children())]
        if not chosen:
            raise ValueError(f"{type(module).__name__} has no submodules to watch")
        return chosen
    if isinstance(layers, str):
        layers = [layers]
    unknown = [path for path in layers if path not in named or not path]
    if unknown:
        known = [path for path in named if path]
        raise ValueError(f"no submodule {', '.join(map(repr, unknown))}; the module has {known}")
    wanted = set(layers)
    return [(path, sub) for path, sub in named.items() if path in wanted]


def _as_numpy(tensor):
    """A CPU numpy copy of the values; float16 and bfloat16 widened to float32, which the service takes."""
    import torch

    values = tensor.detach().to("cpu")
    if values.is_floating_point() and values.dtype not in (torch.float32, torch.float64):
        values = values.float()
    return values.numpy()
