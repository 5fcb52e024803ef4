"""Field crops read again: a second recogniser's opinion, and digits-only readings.

The automatic counterpart of double keying: an identity field (ID number, name,
date) read from the page by one recogniser is read again from its crop by the
other one (Tesseract ↔ AsterOCR). ``extract`` marks the field ``uncertain`` when
the two disagree. Numeric values that do not validate are also read digits-only
(Tesseract with a character whitelist). Recognisers are created on first use and
kept for the life of the reader (one per worker process).
"""

from __future__ import annotations

import re

import numpy as np

from ..ocr.band import ink_band
from ..ocr.base import LineRecognizer


#: a reading's punctuation (and spaces) before and after its words
_EDGES = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.S)


def other_recogniser(first_engine: str) -> str:
    """The recogniser that did not read the value: AsterOCR unless it was AsterOCR."""
    return "tess-line" if first_engine == "aster" else "aster"


class CropReader:
    def __init__(self, shared: dict[str, LineRecognizer] | None = None) -> None:
        """``shared``: recognisers already loaded in this process (the page engine's
        ``line_recognizers``), used instead of loading the same models again."""
        self._recs: dict[str, LineRecognizer] = {k: v for k, v in (shared or {}).items()
                                                 if k in ("aster", "tess-line")}
        self._shared = set(self._recs)  # closed by their owner, not here
        #: the last crop AsterOCR read and what it gave (reading, frame probabilities,
        #: characters): a field's crop is read by it for a second opinion, on its band, and for
        #: each constrained reading — one pass of the network serves them all
        self._aster_last: tuple[np.ndarray, tuple | None] | None = None

    def _rec(self, name: str) -> LineRecognizer:
        if name not in self._recs:
            if name == "aster":
                from ..ocr.aster import AsterRecognizer
                self._recs[name] = AsterRecognizer()
            elif name == "tess-line":
                from ..ocr.tesseract import TesseractLineRecognizer
                self._recs[name] = TesseractLineRecognizer()
            elif name.startswith("tess-only:"):
                from ..ocr.tesseract import TesseractLineRecognizer
                self._recs[name] = TesseractLineRecognizer(whitelist=name.split(":", 1)[1])
            else:
                raise ValueError(f"unknown recogniser {name!r}")
        return self._recs[name]

    def read(self, crop: np.ndarray, recogniser: str) -> str:
        if crop.size == 0 or min(crop.shape[:2]) < 4:
            return ""
        if recogniser == "aster":
            frames = self._aster_frames(crop)
            if frames is not None:
                return frames[0].text
            crop = ink_band(crop)  # beyond one pass: read in pieces, as a line is
        return self._rec(recogniser).read([crop])[0].text

    def _aster_frames(self, crop: np.ndarray) -> tuple | None:
        """AsterOCR on the band of the crop's ink (it scales to 32 px: the value's band, not the
        padding): ``AsterRecognizer.read_frames``' reading, frame probabilities and characters,
        None when the band is beyond one pass's reach. Kept for the same crop object."""
        if self._aster_last is None or self._aster_last[0] is not crop:
            self._aster_last = (crop, self._rec("aster").read_frames(ink_band(crop)))
        return self._aster_last[1]

    def second_opinion(self, crop: np.ndarray, first_engine: str) -> str:
        return self.read(crop, other_recogniser(first_engine))

    def restricted(self, crop: np.ndarray, charset: str = "0123456789") -> str:
        """Tesseract limited to ``charset`` (e.g. digits for an ID number)."""
        return self.read(crop, f"tess-only:{charset}").replace(" ", "")

    def constrained_place(self, crop: np.ndarray, value: str) -> tuple[str, float]:
        """The reading of a place's crop among the place as read and its readings with the
        nearest existing unit words and names (``places.unit_readings``) — ("", 0) when no such
        reading names more units than the value; see ``constrained``."""
        from . import places

        if places.units_as_spelled(value) and places.unit_words_read(value) >= min(3, len(value.split(","))):
            # every unit it names exists as spelled, each part under its own unit word: only
            # their combination is unknown, and no nearer name or unit word can name more
            return "", 0.0

        def known(text: str) -> tuple[int, int, bool]:
            return places.named_units(text), places.unit_words_read(text), not places.office_misread(text)
        here = known(value)
        return self.constrained(crop, value, [c for c in places.unit_readings(value) if known(c) > here])

    def constrained(self, crop: np.ndarray, value: str, cands: list[str]) -> tuple[str, float]:
        """The one of ``cands`` the crop's ink supports best — AsterOCR's frame probabilities,
        every alignment (``ctc.log_likelihood``) — and how much better than the best
        unconstrained reading (log-likelihood, ≤ 0 worse). ("", 0) when there is no candidate
        or the crop is out of reach. A character the recogniser cannot write (the apostrophe
        of "H'Mông") is left out of the candidate's weighing, not out of the candidate; the
        punctuation the free reading has before and after the value (the "(" of "(bằng chữ"
        at the crop's edge) is weighed with each candidate, not counted against it."""
        from ..ocr.ctc import log_likelihood

        if not cands or crop.size == 0 or min(crop.shape[:2]) < 4:
            return "", 0.0
        frames = self._aster_frames(crop)
        if frames is None:
            return "", 0.0
        read, p, chars = frames
        alphabet = set(chars[1:])

        def ll(text: str) -> float:
            return log_likelihood(p, "".join(c for c in text if c in alphabet), chars)
        lead, _, trail = _EDGES.match(read.text).groups()
        free = max(ll(value), ll(read.text))
        scored = [(max(ll(c), ll(lead + c + trail)), -i, c) for i, c in enumerate(cands)]
        best, _, text = max(scored)
        if best == float("-inf") or free == float("-inf"):
            return "", 0.0
        return text, best - free

    def close(self) -> None:
        self._aster_last = None
        for name, r in self._recs.items():
            if name not in self._shared:
                r.close()
        self._recs.clear()
