"""AsterOCR's Vietnamese CTC line recogniser, run directly through onnxruntime.

We load only ``asternet.onnx`` and ``vocab.json`` from the ``asterocr`` wheel
(checked against the manifest) and decode CTC greedily ourselves. Where the manifest lists weights
for the model's reading head fine-tuned on more hands (``ocr_models/asternet_hands/``, built by
``ocr_models/training/``), they take the place of the wheel's in the same graph. The package's
own pipeline is not used: it can fetch weights from a hub and applies a
linguistic rescorer that rewrites text toward common words, which must never
touch names and places ("the book prevails"); no telemetry is involved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import threading
import zipfile
from collections import OrderedDict

import cv2
import numpy as np

from ..domain.errors import MissingDependencyError, ModelError
from . import slant
from .base import LineRead, LineRecognizer
from .spacing import split_spaced

HEIGHT = 32
#: the manifest's name for the fine-tuned reading head (ONNX initializer name -> weights)
HEAD = "asternet-vi-hands-head"
#: The model's positional encoding covers 256 frames = 1024 input pixels at height 32.
MAX_WIDTH = 1024
#: the frames of this many of the last crops read one to a batch are kept, so a line weighed
#: again (``read_frames``: a heading, a label) is not passed through the network twice
FRAMES_KEPT = 160


class AsterRecognizer(LineRecognizer):
    name = "aster"

    def __init__(self, threads: int = 1, batch_size: int = 1, lexicon: bool = True) -> None:
        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover
            raise MissingDependencyError("onnxruntime is not installed",
                                         hint="run installer/install.sh") from exc
        from . import models

        paths = models.files_for("aster")
        vocab = json.loads(paths["asternet-vi-vocab"].read_text("utf-8"))["chars"]
        self._chars = vocab
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        model: str | bytes = str(paths["asternet-vi"])
        #: the graph's weights the fine-tuned ones replaced (empty: the wheel's own)
        self._head: tuple[str, ...] = ()
        if HEAD in paths:
            model, self._head = tuned_graph(paths["asternet-vi"], paths[HEAD])
        self._session = ort.InferenceSession(model, sess_options=opts,
                                             providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name
        self._batch = batch_size
        self._lock = threading.Lock()
        #: the last crops' frames (logits), by their network input (``_input_key``)
        self._frames: OrderedDict[bytes, np.ndarray] = OrderedDict()
        #: ``read_frames``' answers for the last crops it was asked about, by the crop's bytes
        self._framed: OrderedDict[bytes, tuple | None] = OrderedDict()
        #: doubtful words decoded again as Vietnamese syllables (ctc.Refiner); None: greedy only
        self._refiner = None
        #: why the word list is not used although asked for ("" when it is)
        self.lexicon_problem = ""
        if lexicon:
            from .ctc import Refiner
            from .lexicon import load
            try:
                self._refiner = Refiner(load())
            except ModelError as exc:  # read on without it; doubtful words stay doubtful
                self.lexicon_problem = str(exc)

    @staticmethod
    def _prep(crop: np.ndarray) -> np.ndarray:
        if crop.ndim == 2:
            crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB)
        h, w = crop.shape[:2]
        tw = max(32, int(round(w * HEIGHT / max(1, h))))
        tw = (tw + 3) // 4 * 4
        resized = cv2.resize(crop, (tw, HEIGHT), interpolation=cv2.INTER_AREA if h > HEIGHT
                             else cv2.INTER_LINEAR)
        arr = resized.astype(np.float32) / 255.0
        arr = (arr - 0.5) / 0.5
        return np.transpose(arr, (2, 0, 1))

    def read(self, crops: list[np.ndarray]) -> list[LineRead]:
        """Read level line crops. A line leaning far from the slant the model reads is also read
        sheared towards it (``slant.normalise``) and the more certain reading kept (word positions
        stay the crop's). Lines longer than the model's reach are cut at the emptiest columns
        (gaps between words) and the pieces' readings joined."""
        pieces: list[np.ndarray] = []
        # per crop: its width and its versions (first piece, count, x offsets, shift)
        spans: list[tuple[int, list[tuple[int, int, list[int], int]]]] = []
        for crop in crops:
            versions = [(crop, 0)]
            sheared, dx, _ = slant.normalise(crop)
            if dx:
                versions.append((sheared, dx))
            group = []
            for image, shift in versions:
                parts = split_long(image)
                group.append((len(pieces), len(parts), [x for x, _ in parts], shift))
                pieces.extend(p for _, p in parts)
            spans.append((crop.shape[1], group))
        reads = self._read_pieces(pieces)
        out = []
        for width, group in spans:
            options = [_shifted(self._joined(reads[first:first + count], offsets), shift, width)
                       for first, count, offsets, shift in group]
            out.append(_surer(options))
        return out

    def _joined(self, reads: list[LineRead], offsets: list[int]) -> LineRead:
        if len(reads) == 1:
            return reads[0]
        words = []
        changed = []  # the word list's changes (``_decode``), their word indices in the whole line
        for read, off in zip(reads, offsets):
            changed += [(*c[:3], c[3] + len(words)) for c in read.extra.get("changed", ())]
            words.extend((t, x0 + off, x1 + off, c) for t, x0, x1, c in read.words)
        text = " ".join(w[0] for w in words)
        conf = min((w[3] for w in words), default=0.0)
        return LineRead(text, conf, tuple(words), self.name,
                        {"pieces": len(reads), **({"changed": changed} if changed else {})})

    def read_frames(self, crop: np.ndarray) -> tuple[LineRead, np.ndarray, list[str]] | None:
        """One crop's reading (as ``read`` gives it), with its per-frame character probabilities
        (T × C, blank = 0) and the model's characters — one pass for both (two for a line read
        sheared too); None when the crop is beyond one pass's reach (``read`` would cut it)."""
        # a line weighed more than once (a known text, then its last full stop) is decoded once
        key = self._input_key(crop)
        with self._lock:
            if key in self._framed:
                self._framed.move_to_end(key)
                return self._framed[key]
        best = self._read_frames(crop)
        with self._lock:
            self._framed[key] = best
            while len(self._framed) > FRAMES_KEPT:
                self._framed.popitem(last=False)
        return best

    def _read_frames(self, crop: np.ndarray) -> tuple[LineRead, np.ndarray, list[str]] | None:
        width = crop.shape[1]
        sheared, dx, _ = slant.normalise(crop)
        best = None
        for image, shift in ((crop, 0), (sheared, dx)) if dx else ((crop, 0),):
            if len(split_long(image)) != 1:
                # the crop beyond one pass: None; sheared beyond it (wider by the shear): as it is
                return best
            x = self._prep(image)
            logits = self._kept(x)
            if logits is None:
                with self._lock:
                    out = self._session.run(None, {self._input: x[None]})[0]
                logits = out[0] if out.shape[0] == 1 else out[:, 0]
            read = _shifted(self._decode(logits, image.shape[1]), shift, width)
            if best is None or _surer([best[0], read]) is read:
                probs = _softmax(logits)
                probs.setflags(write=False)  # shared by every caller that weighs the line
                best = (read, probs, self._chars)
        return best

    @staticmethod
    def _input_key(x: np.ndarray) -> bytes:
        """An array's key: its bytes (in C order, as ``tobytes`` gives them) and its shape."""
        return hashlib.blake2b(x.tobytes(), digest_size=16, person=str(x.shape).encode()[:16]).digest()

    def _keep(self, x: np.ndarray, logits: np.ndarray) -> None:
        """Keeps an input's frames (called with ``_lock`` held)."""
        self._frames[self._input_key(x)] = logits
        while len(self._frames) > FRAMES_KEPT:
            self._frames.popitem(last=False)

    def _kept(self, x: np.ndarray) -> np.ndarray | None:
        """The frames of an input read one to a batch lately (the same bytes in, the same
        frames out), or None."""
        key = self._input_key(x)
        with self._lock:
            logits = self._frames.get(key)
            if logits is not None:
                self._frames.move_to_end(key)
            return logits

    def _read_pieces(self, crops: list[np.ndarray]) -> list[LineRead]:
        if not crops:
            return []
        tensors = [self._prep(c) for c in crops]
        order = sorted(range(len(crops)), key=lambda i: tensors[i].shape[2])
        results: list[LineRead | None] = [None] * len(crops)
        with self._lock:
            for start in range(0, len(order), self._batch):
                idx = order[start:start + self._batch]
                width = max(tensors[i].shape[2] for i in idx)
                batch = np.ones((len(idx), 3, HEIGHT, width), np.float32)  # white padding
                for j, i in enumerate(idx):
                    batch[j, :, :, :tensors[i].shape[2]] = tensors[i]
                out = self._session.run(None, {self._input: batch})[0]
                # (T, N, C) or (N, T, C): find the batch axis
                if out.shape[1] == len(idx) and out.shape[0] != len(idx):
                    out = np.transpose(out, (1, 0, 2))
                for j, i in enumerate(idx):
                    valid_t = max(1, int(round(out.shape[1] * tensors[i].shape[2] / width)))
                    if len(idx) == 1:  # unpadded: the frames ``read_frames`` would compute
                        self._keep(tensors[i], out[j])
                    results[i] = self._decode(out[j, :valid_t], crops[i].shape[1])
        return [r for r in results if r is not None]

    def _decode(self, logits: np.ndarray, crop_width: int) -> LineRead:
        p = _softmax(logits)
        best = p.argmax(axis=1)
        best_p = p[np.arange(len(best)), best]
        t_len = len(best)
        chars: list[tuple[str, int, float]] = []  # (char, frame, prob)
        prev = -1
        for t, k in enumerate(best):
            k = int(k)
            if k != prev and k != 0:
                ch = self._chars[k] if k < len(self._chars) else ""
                chars.append((ch, t, float(best_p[t])))
            elif k == prev and k != 0 and chars:
                # same symbol continued: keep the frame's weakest certainty
                c, f, pr = chars[-1]
                chars[-1] = (c, f, min(pr, float(best_p[t])))
            prev = k
        words = []
        frames: list[tuple[str, int, int, float]] = []  # (text, first frame, last frame, conf)
        cur: list[tuple[str, int, float]] = []
        scale = crop_width / max(1, t_len)

        def flush():
            if cur:
                wt = "".join(c for c, _, _ in cur)
                x0 = int(cur[0][1] * scale)
                x1 = int(min(crop_width, (cur[-1][1] + 1) * scale))
                conf = float(min(pr for _, _, pr in cur))
                words.append((wt, x0, max(x0 + 1, x1), conf))
                frames.append((wt, cur[0][1], cur[-1][1], conf))

        for item in chars:
            if item[0] == " ":
                flush()
                cur = []
            else:
                cur.append(item)
        flush()
        # kept for diagnosis: an unsure blank frame may hide a lost mark
        min_blank = float(best_p[best == 0].min()) if np.any(best == 0) else 1.0
        meta: dict = {"min_blank_p": round(min_blank, 4)}
        if self._refiner is not None and words:
            texts, changes = self._refiner.refine(p, self._chars, frames)
            if changes:
                meta["greedy"] = " ".join(w[0] for w in words)
                for c in changes:  # never more confident than the greedy reading was
                    t, x0, x1, conf = words[c.index]
                    words[c.index] = (c.chosen, x0, x1, min(conf, c.posterior))
                # each with the index of its (first) word once the words are split apart below
                meta["changed"] = [(c.greedy, c.chosen, round(c.posterior, 3),
                                    sum(max(1, len(w[0].split())) for w in words[:c.index])) for c in changes]
        elif self.lexicon_problem:
            meta["lexicon"] = "unavailable"
        words = split_spaced(words)
        text = " ".join(w[0] for w in words)
        conf = min((w[3] for w in words), default=0.0)
        return LineRead(text, conf, tuple(words), self.name, meta)


#: how much surer (mean word confidence) a line's sheared reading must be to be kept: a cell's
#: rule sheared with the words reads as a bracket ("[35") with hardly more certainty
SHEARED_MARGIN = 0.05


def _read_head(path, read):
    """``read`` of the fine-tuned head's archive, or a ``ModelError`` saying which file and how to
    restore it."""
    try:
        with np.load(path) as data:
            return read(data)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ModelError("the fine-tuned AsterOCR head cannot be read", path=str(path),
                         hint="restore it: git checkout -- ocr_models/asternet_hands") from exc


def _head_arrays(path) -> dict[str, np.ndarray]:
    """The fine-tuned weights by the graph's initializer names."""
    return _read_head(path, lambda data: {name: np.ascontiguousarray(data[name], dtype=np.float32)
                                          for name in data.files})


def tuned_graph(model_path, head_path) -> tuple[str | bytes, tuple[str, ...]]:
    """The wheel's graph carrying the fine-tuned weights (``with_weights``) and the names replaced.

    Rewriting the graph costs about a second (importing ``onnx`` most of it), so the result is
    kept under ``ocr_models/cache/`` by both files' SHA-256 (both verified against the manifest
    before this) with its own SHA-256 beside it: a later start loads that file, and a copy that
    no longer matches its hash is written again. Where the cache cannot be written the graph is
    used from memory."""
    from . import models

    names = _read_head(head_path, lambda data: tuple(sorted(data.files)))
    # both digests were read when the manifest verified the files (models.file_sha256 keeps them)
    key = hashlib.sha256((models.file_sha256(model_path) + models.file_sha256(head_path)).encode()).hexdigest()
    target = _cache_dir() / f"asternet-{key[:20]}.onnx"
    stamp = target.with_suffix(".sha256")
    try:
        if target.is_file() and stamp.is_file() and models.file_sha256(target) == stamp.read_text().strip():
            return str(target), names
    except OSError:
        pass
    graph = with_weights(model_path, _head_arrays(head_path), head_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(graph)
        os.replace(tmp, target)
        stamp.write_text(hashlib.sha256(graph).hexdigest())
    except OSError:  # a read-only install: the graph from memory, every start
        return graph, names
    for old in target.parent.glob("asternet-*"):  # a former head's graph (43 MB) is not kept
        if not old.name.startswith(target.stem):
            try:
                old.unlink()
            except OSError:  # open elsewhere (Windows): left for a later start
                pass
    return graph, names


def _cache_dir():
    from . import models
    return models.models_dir() / "cache" / "asternet_hands"


def with_weights(model_path, arrays: dict[str, np.ndarray], source) -> bytes:
    """The wheel's graph with ``arrays`` (initializer name -> float32 weights, read from
    ``source``) in place of its own, serialised. The graph itself is rewritten: onnxruntime's
    ``add_initializer`` is ignored for a convolution's weights once its layout optimiser has
    repacked them, and it passes over a name the graph lacks without a word. Every weight must
    name one of the graph's and have its shape, or the head is refused here, at start-up, rather
    than read with. (The training script checks what it writes through this too.)"""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(model_path))
    found = 0
    for init in model.graph.initializer:
        value = arrays.get(init.name)
        if value is None:
            continue
        if tuple(init.dims) != value.shape or init.data_type != onnx.TensorProto.FLOAT:
            break
        init.CopyFrom(numpy_helper.from_array(value, init.name))
        found += 1
    if found != len(arrays):
        raise ModelError("the fine-tuned AsterOCR head does not fit the installed AsterOCR model",
                         path=str(source), hint="install the AsterOCR version the manifest names "
                         "(run installer/install.sh), or restore ocr_models/asternet_hands")
    return model.SerializeToString()


def _surer(options: list[LineRead]) -> LineRead:
    """The crop's reading as it is, or its sheared reading when that is clearly surer."""
    best = options[0]
    for other in options[1:]:
        if _certainty(other) > _certainty(best) + SHEARED_MARGIN:
            best = other
    return best


def _certainty(read: LineRead) -> float:
    """How sure the model is of a reading as a whole: its words' mean confidence."""
    return sum(w[3] for w in read.words) / len(read.words) if read.words else 0.0


def _shifted(read: LineRead, dx: int, width: int) -> LineRead:
    """``read``'s word spans moved back ``dx`` pixels into a crop ``width`` wide (a sheared
    line's middle row moved ``dx`` right)."""
    if not dx:
        return read
    words = []
    for t, x0, x1, c in read.words:
        a = min(width - 1, max(0, x0 - dx))
        words.append((t, a, max(a + 1, min(width, x1 - dx)), c))
    return dataclasses.replace(read, words=tuple(words), extra={**read.extra, "sheared": dx})


def _softmax(logits: np.ndarray) -> np.ndarray:
    """Per-frame probabilities (the outputs may be log-probabilities or logits: either way)."""
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def split_long(crop: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(x offset, piece) pieces of ``crop`` each within MAX_WIDTH once scaled to HEIGHT,
    cut at the column with the least ink near each ideal cut (more pieces when a cut so placed
    leaves one too wide: the model cannot take it)."""
    h, w = crop.shape[:2]
    scaled = w * HEIGHT / max(1, h)
    if scaled <= MAX_WIDTH * 0.95:
        return [(0, crop)]
    gray = crop if crop.ndim == 2 else crop.mean(axis=2)
    ink = (255.0 - gray.astype(np.float32)).sum(axis=0)
    ink = np.convolve(ink, np.ones(5) / 5, mode="same")
    widest = int(MAX_WIDTH * 0.95 * max(1, h) / HEIGHT)  # the widest piece, in crop pixels
    n = int(np.ceil(scaled / (MAX_WIDTH * 0.85)))
    while True:
        cuts = [0]
        for k in range(1, n):
            ideal = int(w * k / n)
            lo, hi = max(cuts[-1] + 1, ideal - w // (6 * n)), min(w - 1, ideal + w // (6 * n))
            cuts.append(lo + int(np.argmin(ink[lo:hi])) if hi > lo else ideal)
        cuts.append(w)
        if all(b - a <= widest for a, b in zip(cuts[:-1], cuts[1:])) or w / n <= widest / 2:
            break
        n += 1
    return [(a, crop[:, a:b]) for a, b in zip(cuts[:-1], cuts[1:]) if b - a > 2]
