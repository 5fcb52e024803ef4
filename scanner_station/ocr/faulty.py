"""A fault-injecting engine for tests only (after OCRmyPDF's tesseract_crash plugins).

``FaultyEngine(mode=...)`` raises, hangs, returns garbage, or crashes the process,
so the pipeline's error paths are exercised for real. Never chosen by default.
"""

from __future__ import annotations

import os
import time

import numpy as np

from ..domain.errors import OcrError
from ..domain.layout import BBox, Block, Line, PageLayout, Word
from .base import OcrEngine, register

MODES = ("raise", "hang", "garbage", "crash", "ok")


@register("faulty")
class FaultyEngine(OcrEngine):
    name = "faulty"

    def __init__(self, mode: str | None = None, hang_seconds: float = 3600.0) -> None:
        self.mode = mode or os.environ.get("SCANNER_STATION_FAULT", "raise")
        if self.mode not in MODES:
            raise ValueError(f"unknown fault mode {self.mode!r}")
        self.hang_seconds = hang_seconds

    def read_page(self, gray: np.ndarray) -> PageLayout:
        h, w = gray.shape[:2]
        if self.mode == "raise":
            raise OcrError("injected OCR failure", hint="this is the test engine 'faulty'")
        if self.mode == "hang":
            time.sleep(self.hang_seconds)
        if self.mode == "crash":
            os._exit(77)
        if self.mode == "garbage":
            word = Word("\x00\ufffd\u0301", BBox(0, 0, w, h), float("nan"))
            return PageLayout(w, h, (Block((Line((word,), BBox(0, 0, w, h), 2.0, "faulty"),),
                                           BBox(0, 0, w, h)),), self.name)
        word = Word("Tuấn", BBox(0, 0, min(w, 10), min(h, 10)), 0.99)
        return PageLayout(w, h, (Block((Line((word,), word.bbox, 0.99, "faulty"),), word.bbox),),
                          self.name)
