"""AsterNet (the ``asterocr`` wheel's own PyTorch definition) carrying the weights of the wheel's
ONNX export, and the trained head's weights back under the graph's initializer names.

The export folded each batch norm into the convolution before it; here each such norm is an
identity that adds the folded bias, so the network computes what the ONNX graph does (checked to
1e-4 by ``train_head.py`` before training).
"""

from __future__ import annotations

import numpy as np
import onnx
import torch
from asterocr.models.model import AsterNet
from onnx import numpy_helper

#: the convolution's module (end of its path) -> the batch norm after it
NORM_AFTER = (("conv_main.0", "conv_main.1"), ("hp_proj.0", "hp_proj.1"), ("pw1", "bn1"),
              ("dw", "bn2"), ("pw2", "bn3"), ("shortcut.0", "shortcut.1"), ("layer4.1", "layer4.2"))
#: the reading head: everything after the convolutional backbone
HEAD = ("sequence.", "language_head.", "fusion.", "classifier.")
#: the backbone's last block (trained with the head by ``train_head.py --layer4``)
LAYER4 = ("backbone.layer4.",)
#: ONNX LSTM gates are i, o, f, c; PyTorch's i, f, g, o
TO_TORCH, TO_ONNX = (0, 2, 3, 1), (0, 3, 1, 2)


def _module(net, path: str):
    for part in path.split("."):
        net = getattr(net, part)
    return net


def _path(node_name: str) -> str:
    """'/backbone/layer1/layer1.0/pw1/Conv' -> 'backbone.layer1.0.pw1'."""
    out: list[str] = []
    for seg in node_name.strip("/").split("/")[:-1]:
        if out and "." in seg and seg.split(".")[0] == out[-1]:
            out[-1] = seg
        else:
            out.append(seg)
    return ".".join(out)


def _gates(a: np.ndarray, order, hidden: int) -> np.ndarray:
    return np.concatenate([a[g * hidden:(g + 1) * hidden] for g in order], 0)


def _graph(onnx_path):
    model = onnx.load(str(onnx_path))
    inits = {i.name: numpy_helper.to_array(i).copy() for i in model.graph.initializer}
    return model.graph.node, inits


def load(onnx_path) -> AsterNet:
    nodes, inits = _graph(onnx_path)
    net = AsterNet(num_classes=227, use_ilm=True)
    state = net.state_dict()
    tensor = lambda a: torch.from_numpy(np.ascontiguousarray(a)).float()  # noqa: E731
    for name, value in inits.items():
        if name in state:
            state[name].copy_(tensor(value).reshape(state[name].shape))
    layer = 0
    for node in nodes:
        weights = [inits[x] for x in node.input if x.startswith("onnx::") and x in inits]
        if not weights or node.name == "/backbone/stem/Conv":  # the stem's fixed Laplacian
            continue
        path = _path(node.name)
        if node.op_type == "Conv":
            end, norm = next((a, b) for a, b in NORM_AFTER if path.endswith(a))
            conv, bn = _module(net, path), _module(net, path[: -len(end)] + norm)
            conv.weight.data.copy_(tensor(weights[0]))
            bn.weight.data.fill_(1.0)
            bn.bias.data.copy_(tensor(weights[1]))
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
        elif node.op_type == "MatMul":
            mod = _module(net, path)
            target = mod.in_proj_weight if isinstance(mod, torch.nn.MultiheadAttention) else mod.weight
            target.data.copy_(tensor(weights[0].T))
        elif node.op_type == "LSTM":
            w, r, b = weights
            hidden = r.shape[2]
            lstm = net.sequence.lstm
            for d, suffix in enumerate(("", "_reverse")):
                for kind, arr in (("weight_ih", w[d]), ("weight_hh", r[d]),
                                  ("bias_ih", b[d][:4 * hidden]), ("bias_hh", b[d][4 * hidden:])):
                    getattr(lstm, f"{kind}_l{layer}{suffix}").data.copy_(
                        tensor(_gates(arr, TO_TORCH, hidden)))
            layer += 1
    return net


def head_initializers(net: AsterNet, onnx_path, parts: tuple[str, ...] = HEAD) -> dict[str, np.ndarray]:
    """The weights of the trained ``parts`` by the ONNX graph's initializer names.

    A trained convolution goes back with its norm folded in: the norms are kept in eval mode at
    scale 1, mean 0 and variance 1 - eps while training, so the folded weight is the
    convolution's own and the folded bias the norm's shift."""
    nodes, inits = _graph(onnx_path)
    state = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    out = {k: state[k] for k in inits if k in state and k.startswith(parts)}
    layer = 0
    for node in nodes:
        names = [x for x in node.input if x.startswith("onnx::") and x in inits]
        if not names:
            continue
        path = _path(node.name)
        if node.op_type == "Conv" and (path + ".").startswith(parts):
            end, norm = next((a, b) for a, b in NORM_AFTER if path.endswith(a))
            out[names[0]] = state[path + ".weight"]
            out[names[1]] = state[path[: -len(end)] + norm + ".bias"]
        elif node.op_type == "MatMul" and (path + ".").startswith(parts):
            key = path + (".in_proj_weight" if path.endswith("self_attn") else ".weight")
            out[names[0]] = np.ascontiguousarray(state[key].T)
        elif node.op_type == "LSTM":
            hidden = state["sequence.lstm.weight_hh_l0"].shape[1]
            stacks: list[list[np.ndarray]] = [[], [], []]
            for suffix in ("", "_reverse"):
                pre = f"sequence.lstm.{{}}_l{layer}{suffix}"
                stacks[0].append(_gates(state[pre.format("weight_ih")], TO_ONNX, hidden))
                stacks[1].append(_gates(state[pre.format("weight_hh")], TO_ONNX, hidden))
                stacks[2].append(np.concatenate([_gates(state[pre.format("bias_ih")], TO_ONNX, hidden),
                                                _gates(state[pre.format("bias_hh")], TO_ONNX, hidden)]))
            for name, stack in zip(names, stacks):
                out[name] = np.stack(stack)
            layer += 1
    return out
