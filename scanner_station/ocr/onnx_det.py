"""The PP-OCRv4 text-line detector through onnxruntime (no Paddle at run time).

The same weights as ``paddle_det`` (the PaddleOCR reference implementation), exported to ONNX,
with PaddleOCR's pre- and post-processing written out here: the page resized so its long side
is ``side`` pixels (a multiple of 32), normalised with the ImageNet mean and deviation, the
probability map thresholded, each region scored (mean probability inside the region: PaddleOCR's
"slow" mode; its default "fast" mode scores the region's box), its minimum-area box grown by the
DB "unclip" offset and boxed again. A test checks that both implementations find the same lines
on generated pages in "fast" mode. One ONNX session per detector; ``threads`` intra-op threads.
"""

from __future__ import annotations

import threading

import cv2
import numpy as np

from ..domain.errors import MissingDependencyError, OcrError
from .base import DetectedLine, LineDetector

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
#: PaddleOCR's DB post-processing parameters (``ocr_models/ppocrv4_det/inference.yml``)
THRESH, BOX_THRESH, UNCLIP, MAX_CANDIDATES, MIN_SIZE = 0.3, 0.6, 1.5, 1000, 3
#: the long side the page is read at: small print keeps 3+ pixels per stroke, a page costs
#: ~0.2–0.5 s on one thread
SIDE = 960


class OnnxDetector(LineDetector):
    name = "onnx-det"

    def __init__(self, threads: int = 1, side: int | None = None, score_mode: str = "slow") -> None:
        from . import models

        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover
            raise MissingDependencyError("onnxruntime is not installed", hint="run installer/install.sh") from exc
        path = models.files_for("onnx-det")["pp-ocrv4-det-onnx"]
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise OcrError(f"the ONNX text detector could not be loaded ({type(exc).__name__})",
                           hint="run `scanner-station models check`") from exc
        self._input = self._session.get_inputs()[0].name
        self.side = side or SIDE
        self.score_mode = score_mode
        self._lock = threading.Lock()

    def _prepare(self, gray: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
        h, w = gray.shape[:2]
        ratio = self.side / max(h, w)
        rh = max(int(round(int(h * ratio) / 32) * 32), 32)
        rw = max(int(round(int(w * ratio) / 32) * 32), 32)
        # a grey page is resized first and made three channels after (the same numbers: each
        # channel is resized on its own), not three full-size channels resized
        small = cv2.resize(gray if gray.ndim == 2 else gray[:, :, ::-1], (rw, rh))
        bgr = np.repeat(small[:, :, None], 3, axis=2) if small.ndim == 2 else small
        img = bgr.astype(np.float32) / 255.0
        img = (img - MEAN) / STD
        return np.ascontiguousarray(img.transpose(2, 0, 1)[None]), (h, w)

    def detect(self, gray: np.ndarray) -> list[DetectedLine]:
        x, (h, w) = self._prepare(gray)
        with self._lock:
            prob = self._session.run(None, {self._input: x})[0][0, 0]
        return boxes_from_map(prob, w, h, self.score_mode)

    def close(self) -> None:
        self._session = None


def _mini_box(points: np.ndarray) -> tuple[np.ndarray, float]:
    """The minimum-area rectangle's corners, clockwise from top-left, and its short side."""
    rect = cv2.minAreaRect(points)
    pts = sorted(cv2.boxPoints(rect).tolist(), key=lambda p: p[0])
    left = sorted(pts[:2], key=lambda p: p[1])
    right = sorted(pts[2:], key=lambda p: p[1])
    return np.array([left[0], right[0], right[1], left[1]], dtype=np.float32), min(rect[1])


def _score(prob: np.ndarray, box: np.ndarray) -> float:
    """Mean probability inside the polygon ``box`` (points in map pixels): the region's
    minimum-area box is PaddleOCR's "fast" score, the region's own contour its "slow" one."""
    h, w = prob.shape
    x0 = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    x1 = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    y0 = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    y1 = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), dtype=np.uint8)
    cv2.fillPoly(mask, [(box - [x0, y0]).astype(np.int32)], 1)
    return float(cv2.mean(prob[y0:y1 + 1, x0:x1 + 1], mask)[0])


def _unclip(box: np.ndarray) -> np.ndarray | None:
    import pyclipper

    area = cv2.contourArea(box)
    length = cv2.arcLength(box, True)
    if length <= 0:
        return None
    offset = pyclipper.PyclipperOffset()
    offset.AddPath([tuple(p) for p in box.tolist()], pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    grown = offset.Execute(area * UNCLIP / length)
    if len(grown) != 1:
        return None
    return np.array(grown[0], dtype=np.float32)


def boxes_from_map(prob: np.ndarray, width: int, height: int, score_mode: str = "slow") -> list[DetectedLine]:
    """Text-line quadrilaterals (page pixels) from the detector's probability map.

    ``score_mode``: "slow" scores a region by the mean probability inside the region itself,
    "fast" inside its minimum-area box (PaddleOCR's default). A line of print whose handwritten
    value sits lower than its label ("Đã chết vào lúc: 19 giờ 35 phút, …" on a hand-filled
    form) is a slanted, uneven region: its box holds much empty page, the fast score fell to
    0.59 under the 0.6 threshold where the region's own was 0.99, and the whole line was lost."""
    mh, mw = prob.shape
    bitmap = (prob > THRESH).astype(np.uint8) * 255
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour in contours[:MAX_CANDIDATES]:
        box, short = _mini_box(contour)
        if short < MIN_SIZE:
            continue
        score = _score(prob, contour.reshape(-1, 2) if score_mode == "slow" else box)
        if score < BOX_THRESH:
            continue
        grown = _unclip(box)
        if grown is None:
            continue
        box, short = _mini_box(grown)
        if short < MIN_SIZE + 2:
            continue
        box[:, 0] = np.clip(np.round(box[:, 0] / mw * width), 0, width)
        box[:, 1] = np.clip(np.round(box[:, 1] / mh * height), 0, height)
        out.append(DetectedLine(tuple((float(x), float(y)) for x, y in box), score))
    return out
