"""Fine-tune AsterOCR's reading head (BiLSTM, language head, fusion, classifier), and with
``--layer4`` its last convolutional block too, on synthetic lines in the development hands and
printed fonts; write their weights for the station.

    .venv/bin/pip install torch          # CPU wheel; training only, the station never imports it
    PYTHONPATH=. .venv/bin/python ocr_models/training/train_head.py

The backbone (with ``--layer4``: its first three stages) is kept as the wheel has it: each line's
features after it are computed once through the wheel's own ONNX graph (onnxruntime), and the
rest is trained on them. The norms stay in eval mode at the export's folding, so a trained
convolution goes back into the graph as it is. ``--varied`` varies the hands further
(``lines.render``), ``--more-hands`` draws half the hand lines in the fonts ``hands.py`` fetched
(``--second-hands``: its second set too; ``--school-hands``: its third, school hands;
``--formal-hands``: its fourth, formal scripts),
``--forms`` makes a quarter of the lines a form's label and value, and ``--start`` goes on from a
head file (the shipped head's four steps: ``README.md``). The
result (``ocr_models/asternet_hands/head.npz``, ONNX initializer name -> weights) is listed in
``ocr_models/manifest.toml`` with its SHA-256; the station loads it into the same graph. Every
random choice is seeded (two short runs wrote the same bytes; a rebuilt file gets its own SHA-256
and is measured before it is committed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import multiprocessing as mp
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[2]
#: the graph's output the trained part reads: after the backbone (W/4, 1, 512), or after its
#: third stage (1, 512, 4, W/4) with ``--layer4``
FEATURES = {False: "/backbone/Transpose_output_0", True: "/backbone/layer3/layer3.1/Mul_output_0"}


def _wheel():
    from scanner_station.ocr import models
    paths = models.files_for("aster")
    chars = json.loads(paths["asternet-vi-vocab"].read_text("utf-8"))["chars"]
    return paths["asternet-vi"], chars


def prep(img: np.ndarray) -> np.ndarray:
    """The station's own input (``AsterRecognizer._prep``) for a gray crop."""
    from scanner_station.ocr.aster import AsterRecognizer
    return AsterRecognizer._prep(img)


def _session(onnx_path, layer4: bool):
    import onnx
    import onnxruntime as ort
    model = onnx.load(str(onnx_path))
    model.graph.output.append(onnx.helper.make_tensor_value_info(FEATURES[layer4], onnx.TensorProto.FLOAT, None))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])


def _stored(feats: np.ndarray, layer4: bool) -> np.ndarray:
    """The features as kept, frames last: (512, 4, T) after the third stage, (512, T) after the
    backbone."""
    return feats[0] if layer4 else feats[:, 0].T


class Job(NamedTuple):
    """``n`` lines of one set (``which``: "train" or a check set) drawn with ``seed``, and the
    command line's choices."""
    seed: int
    n: int
    which: str
    layer4: bool
    varied: bool
    more_dir: str
    second: bool
    school: bool
    forms: bool
    documents: bool
    hand_documents: bool
    headings: bool = False
    formal: bool = False


#: how many times as often a line is drawn in one of ``--formal-hands``' fonts as in another
#: extra font (seven fonts beside fifty-one; new to the head, so given more of its lines)
FORMAL_WEIGHT = 3


def _features(job: Job) -> list[tuple[np.ndarray, str]]:
    """(features as float16, text) of the job's lines."""
    import hands as more
    import lines
    which = job.which
    onnx_path, chars = _wheel()
    known = set(chars)
    session = _session(onnx_path, job.layer4)
    texts = lines.Texts({"train": 0.25 if job.forms else 0.0, "labelled": 1.0}.get(which, 0.0),
                        {"train": 0.25 if job.documents else 0.0, "documents": 1.0}.get(which, 0.0),
                        headings=job.headings)
    hands, printed = lines.fonts()
    if which == "unseen":  # hands never trained on
        hands = more.fonts(Path(job.more_dir), trained=False)
    elif which == "train" and job.more_dir:  # half the hand lines in the development hands
        extra = more.fonts(Path(job.more_dir), second=job.second, school=job.school, formal=job.formal)
        lines.check_fonts(extra)
        formal = tuple(more._path(Path(job.more_dir), name) for name in more.FORMAL) if job.formal else ()
        extra += formal * (FORMAL_WEIGHT - 1)  # a few fonts among many: drawn more often
        hands = hands * len(extra) + extra * len(hands)
    share = {"train": 0.6 if job.forms else 0.7, "hands": 1.0, "unseen": 1.0, "printed": 0.0,
             "labelled": 0.0, "documents": 1.0 if job.hand_documents else 0.7}[which]
    doc_share = texts.documents
    if job.hand_documents and which == "train":  # the documents' lines all in hands; as many printed lines
        share = 1.0 - (1.0 - share) / (1.0 - doc_share)
    rng = random.Random(job.seed)
    out = []
    while len(out) < job.n:
        img, text = lines.sample(rng, texts, hands, printed, share, job.varied, fit=bool(job.more_dir),
                                 hand_documents=job.hand_documents)
        x = prep(img)
        if x.shape[2] > 1024 or not all(c in known for c in text):
            continue
        _, feats = session.run(None, {"images": x[None]})
        out.append((_stored(feats, job.layer4).astype(np.float16), text))
    return out


def _pad_frame(onnx_path, layer4: bool) -> np.ndarray:
    """The features' frame for white paper (what pads a shorter line in a batch)."""
    white = np.ones((1, 3, 32, 64), np.float32)
    return _stored(_session(onnx_path, layer4).run(None, {"images": white})[1], layer4)[..., 8]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=12000)
    ap.add_argument("--steps", type=int, default=700)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "ocr_models/asternet_hands/head.npz")
    ap.add_argument("--layer4", action="store_true", help="train the backbone's last block too")
    ap.add_argument("--varied", action="store_true", help="vary the hands further (lines.render)")
    ap.add_argument("--start", type=Path, metavar="HEAD",
                    help="go on from this head (a head.npz) instead of the wheel's")
    ap.add_argument("--more-hands", type=Path, metavar="DIR",
                    help="also train on the hand fonts hands.py fetched into DIR")
    ap.add_argument("--second-hands", action="store_true",
                    help="with --more-hands, the second set of hands.py's fonts too")
    ap.add_argument("--school-hands", action="store_true",
                    help="with --more-hands, the third set of hands.py's fonts too (school hands)")
    ap.add_argument("--formal-hands", action="store_true",
                    help="with --more-hands, the fourth set too (formal scripts, their ornate capitals), "
                         "each drawn FORMAL_WEIGHT times as often as another extra font")
    ap.add_argument("--forms", action="store_true",
                    help="a quarter of the lines a form's label and value; 40 %% of all lines printed")
    ap.add_argument("--documents", action="store_true",
                    help="a quarter of the lines as documents set them (list markers, capitals, slashes, codes)")
    ap.add_argument("--hand-documents", action="store_true",
                    help="with --documents, draw the documents' lines in hands only (printed lines stay as before)")
    ap.add_argument("--headings", action="store_true",
                    help="with --documents, a tenth of the document lines a document's head line (lines.Texts._heading); "
                         "measured in session 48 and not shipped")
    args = ap.parse_args(argv)
    if args.second_hands and not args.more_hands:
        ap.error("--second-hands needs --more-hands DIR")
    if args.school_hands and not args.more_hands:
        ap.error("--school-hands needs --more-hands DIR")
    if args.formal_hands and not args.more_hands:
        ap.error("--formal-hands needs --more-hands DIR")
    if args.hand_documents and not args.documents:
        ap.error("--hand-documents needs --documents")
    if args.headings and not args.documents:
        ap.error("--headings needs --documents")

    import torch

    import asternet
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.jobs)
    onnx_path, chars = _wheel()
    index = {c: i for i, c in enumerate(chars)}
    chunk = args.lines // args.jobs
    flags = dict(layer4=args.layer4, varied=args.varied, more_dir=str(args.more_hands or ""),
                 second=args.second_hands, school=args.school_hands, forms=args.forms,
                 documents=args.documents, hand_documents=args.hand_documents, headings=args.headings,
                 formal=args.formal_hands)
    jobs = [Job(args.seed + k, chunk, "train", **flags) for k in range(args.jobs)]
    sets = ("hands", "printed") + (("unseen",) if args.more_hands else ()) + (
        ("labelled",) if args.forms else ()) + (("documents",) if args.documents else ())
    jobs += [Job(args.seed + 101 + k, 300, which, **flags) for k, which in enumerate(sets)]
    t0 = time.time()
    with mp.get_context("spawn").Pool(args.jobs) as pool:
        done = pool.map(_features, jobs)
    data = [d for part in done[:args.jobs] for d in part]
    val = dict(zip(sets, done[args.jobs:]))
    print(f"{len(data)} training lines in {time.time() - t0:.0f} s", flush=True)

    if args.start:  # the graph carrying that head: the network starts from it, and is checked on it
        from scanner_station.ocr.aster import _head_arrays, with_weights
        tmp = tempfile.TemporaryDirectory()  # removed at exit (its finaliser), not left in /tmp
        start = Path(tmp.name) / "start.onnx"
        start.write_bytes(with_weights(onnx_path, _head_arrays(args.start), args.start))
        onnx_path = start
    net = asternet.load(onnx_path)
    _check(net, onnx_path)
    pad = _pad_frame(onnx_path, args.layer4)
    parts = (asternet.LAYER4 if args.layer4 else ()) + asternet.HEAD
    print("before", {k: _cer(net, v, pad, chars) for k, v in val.items()}, flush=True)
    params = [p for n, p in net.named_parameters() if n.startswith(parts) and not _norm_scale(net, n)]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    rng = random.Random(args.seed)
    for step in range(1, args.steps + 1):
        _train_mode(net)
        items = rng.sample(data, args.batch)
        x, lens = _batch(items, pad)
        targets = [torch.tensor([index[c] for c in t]) for _, t in items]
        loss = ctc(_head(net, x), torch.cat(targets), torch.tensor(lens),
                   torch.tensor([len(t) for t in targets]))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        for group in opt.param_groups:  # warm up, then a cosine to zero
            group["lr"] = args.lr * min(1.0, step / 50) * 0.5 * (1 + math.cos(math.pi * step / args.steps))
        opt.step()
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.3f}", flush=True)
    print("after", {k: _cer(net, v, pad, chars) for k, v in val.items()}, flush=True)
    weights = asternet.head_initializers(net, onnx_path, parts)
    _check(net, onnx_path, {k: v.astype(np.float16).astype(np.float32) for k, v in weights.items()})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **{k: v.astype(np.float16) for k, v in sorted(weights.items())})
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} sha256 {digest}")
    return 0


def _norm_scale(net, name: str) -> bool:
    """A batch norm's scale: kept at 1 so the trained convolution folds back unchanged."""
    import torch
    owner = net.get_submodule(name.rsplit(".", 1)[0])
    return isinstance(owner, torch.nn.BatchNorm2d) and name.endswith(".weight")


def _train_mode(net) -> None:
    import torch
    net.train()
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.eval()


def _head(net, feats):
    """Log-probabilities (T, B, C) from a batch of stored features."""
    import torch
    if feats.dim() == 4:  # after the third stage
        feats = net.backbone.layer4(feats).squeeze(2)
    h_vis = net.sequence(feats.permute(2, 0, 1))
    h_fused, _ = net.fusion(h_vis, net.language_head(h_vis))
    return torch.log_softmax(net.classifier(h_fused), dim=2)


def _batch(items, pad):
    import torch
    frames = max(f.shape[-1] for f, _ in items)
    x = np.tile(pad.astype(np.float32)[None, ..., None], (len(items),) + (1,) * pad.ndim + (frames,))
    for k, (f, _) in enumerate(items):
        x[k, ..., :f.shape[-1]] = f.astype(np.float32)
    return torch.from_numpy(x), [f.shape[-1] for f, _ in items]


def _check(net, onnx_path, weights=None) -> None:
    """The PyTorch network computes what the wheel's graph does, or with ``weights`` (the trained
    parts as written) what the graph does carrying them, as the station loads them."""
    import onnxruntime as ort
    import torch

    from scanner_station.ocr.aster import with_weights
    x = np.random.default_rng(0).uniform(-1, 1, (1, 3, 32, 200)).astype(np.float32)
    graph = with_weights(onnx_path, weights, "the trained weights") if weights else str(onnx_path)
    want = ort.InferenceSession(graph, providers=["CPUExecutionProvider"]).run(None, {"images": x})[0]
    net.eval()
    with torch.no_grad():
        got = net(torch.from_numpy(x)).numpy()
    if np.abs(got - want).max() > (0.05 if weights else 1e-3):
        raise SystemExit("the PyTorch network does not compute what the ONNX graph does"
                         + (" with the trained weights" if weights else ""))
    print("checked against the graph: largest difference", float(np.abs(got - want).max()), flush=True)


def _cer(net, items, pad, chars) -> float:
    import torch
    from scanner_station.domain.text import levenshtein
    net.eval()
    errors = total = 0
    with torch.no_grad():
        for i in range(0, len(items), 32):
            part = items[i:i + 32]
            x, lens = _batch(part, pad)
            best = _head(net, x).argmax(-1).T.tolist()
            for k, (_, text) in enumerate(part):
                seq, prev = [], -1
                for c in best[k][:lens[k]]:
                    if c != prev and c != 0:
                        seq.append(chars[c])
                    prev = c
                errors += levenshtein("".join(seq), text)
                total += len(text)
    return round(100.0 * errors / total, 2)


if __name__ == "__main__":
    sys.exit(main())
