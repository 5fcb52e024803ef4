"""The OCR engine interfaces (after OCRmyPDF's ``OcrEngine``) and the engine registry.

Three small roles:

* ``OcrEngine.read_page(gray) -> PageLayout``: a whole cleaned page to a layout tree;
* ``LineDetector.detect(gray) -> [DetectedLine]``: where the text lines are;
* ``LineRecognizer.read(crops) -> [LineRead]``: the text of level line crops.

Engines are chosen by name (``create_engine``); each lives in its own module and
loads only model files listed in ``ocr_models/manifest.toml``. An engine never
writes files, never touches the store and never logs recognised text.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..domain.errors import OcrError
from ..domain.layout import BBox, PageLayout


#: the letters a vowel folds to (``domain.text.fold``: marks stripped, lower case)
VOWEL_BASES = "aeiouy"
#: what surrounds a word's letters as read: punctuation, brackets, quotes
WORD_PUNCT = ".,;:()[]\"'“”!?-–/"


#: marks no Vietnamese record is written with, which Tesseract puts where it reads a hand's
#: strokes as print ("4⁄24" for a hand's "NTS", "© 94⁄4" for "Sử dụng riêng")
ODD_MARKS = frozenset("⁄©®™§¢£¥€¤¶†‡‰¦")


def odd_marks(text: str) -> bool:
    """The reading holds a mark of ``ODD_MARKS``: strokes misread, whatever its confidence."""
    return any(ch in ODD_MARKS for ch in text)


def word_core(token: str) -> str:
    """A word as read without the punctuation around it ("(Huế)," → "Huế")."""
    return token.strip(WORD_PUNCT)


def strip_width(quad) -> int:
    """The width, in pixels, of a line's level strip (``hybrid.rectify_line``): the longer of its
    quadrilateral's top and bottom edges, at least 4."""
    q = np.asarray(quad, dtype=np.float32)
    return max(4, int(round(max(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[3])))))


@dataclass(frozen=True, slots=True)
class DetectedLine:
    """A detected text line: its quadrilateral (4 points, clockwise from top-left) and score."""

    quad: tuple[tuple[float, float], ...]
    score: float

    @property
    def bbox(self) -> BBox:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return BBox(int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1)

    @property
    def angle(self) -> float:
        (x0, y0), (x1, y1) = self.quad[0], self.quad[1]
        return float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))


@dataclass(frozen=True, slots=True)
class LineRead:
    """One recognised line: text, confidence in [0,1], and word spans in crop x-pixels."""

    text: str
    confidence: float
    #: (word text, x0, x1, confidence) in the crop's pixel coordinates
    words: tuple[tuple[str, int, int, float], ...] = ()
    engine: str = ""
    extra: dict = field(default_factory=dict)


def one_thread() -> None:
    """A worker process reads on one thread (as many workers as cores: none waits on another's
    thread pool)."""
    import os

    import cv2

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    cv2.setNumThreads(1)


class OcrEngine(abc.ABC):
    """Reads a cleaned grey page (H×W uint8) into a ``PageLayout``."""

    name: str = "abstract"

    @abc.abstractmethod
    def read_page(self, gray: np.ndarray) -> PageLayout: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release native resources."""

    def line_recognizers(self) -> dict[str, LineRecognizer]:
        """The line recognisers the engine holds, by their registered name ("aster",
        "tess-line"), for a field re-reader in the same process to use rather than load its
        own (one model in memory, loaded once)."""
        return {}


class LineDetector(abc.ABC):
    name: str = "abstract"

    @abc.abstractmethod
    def detect(self, gray: np.ndarray) -> list[DetectedLine]: ...

    def close(self) -> None:  # noqa: B027
        pass


class LineRecognizer(abc.ABC):
    name: str = "abstract"

    @abc.abstractmethod
    def read(self, crops: list[np.ndarray]) -> list[LineRead]: ...

    def close(self) -> None:  # noqa: B027
        pass


_ENGINES: dict[str, Callable[..., OcrEngine]] = {}


def register(name: str):
    def deco(factory):
        _ENGINES[name] = factory
        return factory
    return deco


def engine_names() -> list[str]:
    _load_builtin()
    return sorted(_ENGINES)


def create_engine(name: str, **options) -> OcrEngine:
    """Create an engine by name; see ``engine_names()``."""
    _load_builtin()
    try:
        factory = _ENGINES[name]
    except KeyError:
        raise OcrError(f"unknown OCR engine '{name}'",
                       hint="choose one of: " + ", ".join(sorted(_ENGINES))) from None
    return factory(**options)


def _load_builtin() -> None:
    # Importing the modules registers them; each import is cheap (heavy libraries load lazily).
    from . import aster, faulty, hybrid, paddle_det, tesseract  # noqa: F401
