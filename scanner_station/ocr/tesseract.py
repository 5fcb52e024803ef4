"""Tesseract 5 with the ``vie`` model, through tesserocr (the C API, no subprocess).

Two uses: ``TesseractPageEngine`` (engine ``tesseract``: Tesseract's own layout
analysis, the baseline), and ``TesseractLineRecognizer`` (``tess-line``:
single-line mode on line crops from a detector). The ``vie`` traineddata is
Debian's ``tesseract-ocr-vie``, checked against the manifest.
"""

from __future__ import annotations

import threading

import numpy as np
from PIL import Image

from ..domain.errors import MissingDependencyError
from ..domain.layout import BBox, Block, Line, PageLayout, Word
from . import models
from .base import DetectedLine, LineDetector, LineRead, LineRecognizer, OcrEngine, register


def _api(psm_name: str, variables: dict[str, str] | None = None):
    try:
        import tesserocr
    except ImportError as exc:  # pragma: no cover - installer installs it
        raise MissingDependencyError("tesserocr is not installed",
                                     hint="run installer/install.sh") from exc
    paths = models.files_for("tesseract")
    api = tesserocr.PyTessBaseAPI(path=models.tessdata_dir(paths["tesseract-vie"]), lang="vie",
                                  psm=getattr(tesserocr.PSM, psm_name),
                                  oem=tesserocr.OEM.LSTM_ONLY)
    for k, v in (variables or {}).items():
        api.SetVariable(k, v)
    return api


def _word_text(ri, level) -> str:
    try:
        return ri.GetUTF8Text(level) or ""
    except RuntimeError:  # tesserocr raises when an element has no text
        return ""


@register("tesseract")
class TesseractPageEngine(OcrEngine):
    """Tesseract page mode: its own page segmentation, then LSTM recognition."""

    name = "tesseract"

    def __init__(self, psm: str = "AUTO", dpi: int = 300) -> None:
        self._api = _api(psm)
        self._dpi = dpi
        self._lock = threading.Lock()

    def read_page(self, gray: np.ndarray) -> PageLayout:
        import tesserocr

        RIL = tesserocr.RIL
        h, w = gray.shape[:2]
        with self._lock:
            api = self._api
            api.SetImage(Image.fromarray(gray))
            api.SetSourceResolution(self._dpi)
            api.Recognize()
            blocks: list[Block] = []
            cur_lines: list[Line] = []
            cur_words: list[Word] = []
            ri = api.GetIterator()
            if ri is None:
                return PageLayout(w, h, (), self.name)

            def flush_line():
                nonlocal cur_words
                if cur_words:
                    bbox = BBox.enclosing(x.bbox for x in cur_words)
                    conf = min(x.confidence for x in cur_words)
                    cur_lines.append(Line(tuple(cur_words), bbox, conf, self.name))
                cur_words = []

            def flush_block():
                nonlocal cur_lines
                flush_line()
                if cur_lines:
                    blocks.append(Block(tuple(cur_lines), BBox.enclosing(x.bbox for x in cur_lines)))
                cur_lines = []

            while True:
                if ri.IsAtBeginningOf(RIL.BLOCK):
                    flush_block()
                elif ri.IsAtBeginningOf(RIL.TEXTLINE):
                    flush_line()
                text = _word_text(ri, RIL.WORD)
                box = ri.BoundingBox(RIL.WORD)
                if text and box:
                    conf = ri.Confidence(RIL.WORD) / 100.0
                    cur_words.append(Word(text.strip(), BBox(*box), conf))
                if not ri.Next(RIL.WORD):
                    break
            flush_block()
        return PageLayout(w, h, tuple(blocks), self.name)

    def close(self) -> None:
        self._api.End()


class TesseractLayoutDetector(LineDetector):
    """Tesseract's page layout analysis only (no recognition): text-line boxes, fast."""

    name = "tess-layout"

    def __init__(self) -> None:
        self._api = _api("AUTO")
        self._lock = threading.Lock()

    def detect(self, gray: np.ndarray) -> list[DetectedLine]:
        import tesserocr

        out = []
        with self._lock:
            self._api.SetImage(Image.fromarray(gray))
            boxes = self._api.GetComponentImages(tesserocr.RIL.TEXTLINE, True)
            for _, box, _, _ in boxes:
                x, y, w, h = box["x"], box["y"], box["w"], box["h"]
                out.append(DetectedLine(((x, y), (x + w, y), (x + w, y + h), (x, y + h)), 1.0))
        return out

    def close(self) -> None:
        self._api.End()


class TesseractLineRecognizer(LineRecognizer):
    """Tesseract single-line mode (PSM 7) on level line crops."""

    name = "tess-line"

    def __init__(self, dpi: int = 300, whitelist: str = "") -> None:
        """``whitelist`` limits the characters read (e.g. digits for an ID number field)."""
        self._api = _api("SINGLE_LINE", {"tessedit_char_whitelist": whitelist} if whitelist else None)
        if whitelist:
            self.name = "tess-digits" if whitelist.isdigit() else "tess-restricted"
        self._dpi = dpi
        self._lock = threading.Lock()

    def read(self, crops: list[np.ndarray]) -> list[LineRead]:
        import tesserocr

        RIL = tesserocr.RIL
        out = []
        with self._lock:
            for crop in crops:
                api = self._api
                api.SetImage(Image.fromarray(crop))
                api.SetSourceResolution(self._dpi)
                api.Recognize()
                words = []
                ri = api.GetIterator()
                if ri is not None:
                    while True:
                        t = _word_text(ri, RIL.WORD)
                        b = ri.BoundingBox(RIL.WORD)
                        if t and b:
                            words.append((t.strip(), int(b[0]), int(b[2]), ri.Confidence(RIL.WORD) / 100))
                        if not ri.Next(RIL.WORD):
                            break
                text = " ".join(wd[0] for wd in words)
                conf = min((wd[3] for wd in words), default=0.0)
                out.append(LineRead(text, conf, tuple(words), self.name))
        return out

    def close(self) -> None:
        self._api.End()
