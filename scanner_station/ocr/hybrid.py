"""Detector + per-line Vietnamese recognisers, chosen per line by confidence.

Engines built here:

* ``paddle-aster``: PaddleOCR DB detection, AsterOCR reading;
* ``paddle-tess``: PaddleOCR DB detection, Tesseract single-line reading;
* ``paddle-hybrid``: PaddleOCR detection, both recognisers, the more confident wins;
* ``tess-aster``: Tesseract page mode; lines Tesseract is unsure of are re-read by
  AsterOCR and the more confident reading is kept (print reads like Tesseract,
  handwriting-like lines like the neural recogniser).

Line crops follow the detected line's angle (perspective rectification of its
quadrilateral), so skewed lines do not pick up their neighbours.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..domain.layout import BBox, Block, Line, PageLayout, Word, rows_by_overlap
from .base import DetectedLine, LineRead, LineRecognizer, OcrEngine, register
from .calibration import calibrate


def rectify(gray: np.ndarray, quad, pad: float = 0.12) -> np.ndarray:
    """Crop a line's quadrilateral into a level strip, padded vertically by ``pad`` × height."""
    q = np.asarray(quad, dtype=np.float32)
    w = int(round(max(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[3]))))
    h = int(round(max(np.linalg.norm(q[3] - q[0]), np.linalg.norm(q[2] - q[1]))))
    w, h = max(w, 4), max(h, 4)
    py = int(round(h * pad))
    px = int(round(h * pad * 0.5))
    dst = np.float32([[px, py], [px + w, py], [px + w, py + h], [px, py + h]])
    m = cv2.getPerspectiveTransform(q, dst)
    return cv2.warpPerspective(gray, m, (w + 2 * px, h + 2 * py), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def reading_order(lines: list[DetectedLine]) -> list[list[DetectedLine]]:
    """Group detected boxes into text rows (boxes on one baseline), top to bottom."""
    return rows_by_overlap(lines, lambda d: d.bbox, 0.55)


def _words_from_read(read: LineRead, det: DetectedLine, crop_w: int) -> list[Word]:
    """Map word spans in the crop back to page boxes along the line's quadrilateral."""
    q = np.asarray(det.quad, dtype=np.float32)
    bbox = det.bbox
    out = []
    for text, x0, x1, conf in read.words:
        if not text:
            continue
        f0, f1 = x0 / max(1, crop_w), x1 / max(1, crop_w)
        top0 = q[0] + (q[1] - q[0]) * f0
        top1 = q[0] + (q[1] - q[0]) * f1
        bot0 = q[3] + (q[2] - q[3]) * f0
        bot1 = q[3] + (q[2] - q[3]) * f1
        pts = np.stack([top0, top1, bot0, bot1])
        bx = BBox(int(max(bbox.x0, pts[:, 0].min())), int(pts[:, 1].min()),
                  int(min(bbox.x1, pts[:, 0].max())) + 1, int(pts[:, 1].max()) + 1)
        out.append(Word(text, bx, calibrate(read.engine, conf)))
    return out


class HybridEngine(OcrEngine):
    """Detect lines, then read each with the recognisers in order (a cascade).

    A reading whose calibrated confidence reaches ``accept`` is kept; otherwise the
    next recogniser reads the line too and the most confident reading wins. With
    ``accept`` above 1 every recogniser reads every line.
    """

    def __init__(self, detector: str = "paddle", recognizers: tuple[str, ...] = ("aster",),
                 threads: int = 1, name: str | None = None, accept: float = 0.9,
                 det_side: int | None = None, accept_syllables: float | None = None,
                 combine: bool = True) -> None:
        """``accept_syllables``: a lower bar for a reading whose every word is a Vietnamese
        syllable (or a number, a code, punctuation) — the next recogniser is not asked."""
        self.name = name or f"{detector}+{'+'.join(recognizers)}"
        self._detector = make_detector(detector, threads, det_side)
        self._recognizers = [make_recognizer(r, threads) for r in recognizers]
        self._accept = accept
        self._accept_syll = accept_syllables
        self._lex = None
        from .lexicon import available
        if accept_syllables is not None:
            self._lex = available()
        # two readings of a line are combined word by word, the word list arbitrating (None: the
        # more confident line wins whole)
        self._words_lex = available() if combine else None

    def _all_syllables(self, text: str) -> bool:
        if self._lex is None:
            return False
        for w in text.split():
            core = _core(w)
            if not core or any(ch.isdigit() for ch in core) or (core.isupper() and len(core) <= 5):
                continue
            if not self._lex.is_syllable(core):
                return False
        return True

    def read_page(self, gray: np.ndarray) -> PageLayout:
        h, w = gray.shape[:2]
        detected = [d for d in self._detector.detect(gray) if d.bbox.width >= 4 and d.bbox.height >= 4]
        rows = reading_order(detected)
        flat = [d for row in rows for d in row]
        crops = [rectify(gray, d.quad) for d in flat]
        cands: list[list[tuple[float, LineRead]]] = [[] for _ in flat]
        pending = list(range(len(flat)))
        for rec in self._recognizers:
            if not pending:
                break
            reads = rec.read([crops[i] for i in pending])
            still = []
            for i, read in zip(pending, reads):
                score = calibrate(read.engine, read.confidence)
                cands[i].append((score, read))
                if score < self._accept and not (self._accept_syll is not None and score >= self._accept_syll
                                                 and self._all_syllables(read.text)):
                    still.append(i)
            pending = still
        chosen: dict[int, tuple[LineRead, int]] = {}
        choices: dict[str, int] = {}
        for i in range(len(flat)):
            ranked = sorted(cands[i], key=lambda c: -c[0])
            best = ranked[0][1]
            if len(ranked) > 1 and self._words_lex is not None:
                best = combine_words(best, ranked[1][1], self._words_lex)
            chosen[i] = (best, crops[i].shape[1])
            choices[best.engine] = choices.get(best.engine, 0) + 1
        lines: list[Line] = []
        k = 0
        for row in rows:
            words: list[Word] = []
            engines = []
            for det in row:
                read, cw = chosen[k]
                k += 1
                words.extend(_words_from_read(read, det, cw))
                engines.append(read.engine)
            if words:
                box = BBox.enclosing(d.bbox for d in row)
                conf = min(wd.confidence for wd in words)
                lines.append(Line(tuple(words), box, conf, "+".join(sorted(set(engines))),
                                  float(np.median([d.angle for d in row]))))
        blocks = (Block(tuple(lines), BBox.enclosing(ln.bbox for ln in lines)),) if lines else ()
        return PageLayout(w, h, blocks, self.name, {"line_choices": choices})

    def close(self) -> None:
        self._detector.close()
        for r in self._recognizers:
            r.close()


class TessAsterEngine(OcrEngine):
    """Tesseract page mode; unsure lines re-read by AsterOCR, more confident reading kept."""

    name = "tess-aster"

    def __init__(self, threshold: float = 0.90, threads: int = 1) -> None:
        from .aster import AsterRecognizer
        from .tesseract import TesseractPageEngine

        self._tess = TesseractPageEngine()
        self._aster = AsterRecognizer(threads=threads)
        self._threshold = threshold

    def read_page(self, gray: np.ndarray) -> PageLayout:
        page = self._tess.read_page(gray)
        todo: list[tuple[int, int, Line]] = []
        for bi, block in enumerate(page.blocks):
            for li, line in enumerate(block.lines):
                if calibrate("tesseract", line.confidence) < self._threshold:
                    todo.append((bi, li, line))
        if not todo:
            return PageLayout(page.width, page.height, page.blocks, self.name,
                              {"line_choices": {"tesseract": sum(1 for _ in page.lines())}})
        crops, dets = [], []
        for _, _, line in todo:
            b = line.bbox
            pad = int(b.height * 0.15)
            quad = ((b.x0 - pad, b.y0 - pad), (b.x1 + pad, b.y0 - pad), (b.x1 + pad, b.y1 + pad),
                    (b.x0 - pad, b.y1 + pad))
            quad = tuple((float(min(max(x, 0), page.width - 1)), float(min(max(y, 0), page.height - 1)))
                         for x, y in quad)
            dets.append(DetectedLine(quad, 1.0))
            crops.append(rectify(gray, quad, pad=0.0))
        reads = self._aster.read(crops)
        blocks = [list(b.lines) for b in page.blocks]
        switched = 0
        for (bi, li, line), det, read, crop in zip(todo, dets, reads, crops):
            if calibrate("aster", read.confidence) > calibrate("tesseract", line.confidence):
                words = _words_from_read(read, det, crop.shape[1])
                if words:
                    blocks[bi][li] = Line(tuple(words), line.bbox, min(w.confidence for w in words),
                                          "aster", line.angle)
                    switched += 1
        total = sum(len(b) for b in blocks)
        new_blocks = tuple(Block(tuple(ls), page.blocks[i].bbox) for i, ls in enumerate(blocks))
        return PageLayout(page.width, page.height, new_blocks, self.name,
                          {"line_choices": {"tesseract": total - switched, "aster": switched}})

    def close(self) -> None:
        self._tess.close()


_PUNCT = ".,;:()[]\"'“”!?-–/"
_VOWEL_BASES = set("aeiouy")


def _core(token: str) -> str:
    return token.strip(_PUNCT)


def combine_words(best: LineRead, other: LineRead, lex) -> LineRead:
    """The more confident reading of a line, where the other recogniser read a word differently
    and only the other's word is a syllable attested in the word list (and fits its neighbours
    as word-list pairs do), with the other's word (ROVER-style, per aligned word). Both are
    readings of the same ink; the word list only arbitrates between them, and a word where the
    two disagree keeps the lower of their confidences. Only words of the same length are swapped
    (letters or marks read differently), in the best reading's case; words with digits, words
    without a vowel (abbreviations such as 'VT', 'UBND'), and words that do not align one to one
    stay as the best reading has them."""
    from difflib import SequenceMatcher

    from ..domain.text import fold

    bw, ow = list(best.words), list(other.words)
    if not bw or not ow:
        return best
    key = lambda w: fold(_core(w[0])).lower()  # noqa: E731 - marks differ, the alignment holds
    ops = SequenceMatcher(None, [key(w) for w in bw], [key(w) for w in ow], autojunk=False).get_opcodes()
    out = list(bw)
    changed = False

    def attested(core: str) -> bool:
        return core.lower() in lex.syllables and lex.is_syllable(core)

    def score(core: str, i: int) -> int:
        prev = _core(out[i - 1][0]) if i > 0 else ""
        nxt = _core(bw[i + 1][0]) if i + 1 < len(bw) else ""
        return 2 * attested(core) + (bool(prev) and lex.known_pair(prev, core)) + \
            (bool(nxt) and lex.known_pair(core, nxt))

    for tag, i1, i2, j1, j2 in ops:
        if tag not in ("equal", "replace") or i2 - i1 != j2 - j1:
            continue
        for i, j in zip(range(i1, i2), range(j1, j2)):
            b, o = bw[i], ow[j]
            bc, oc = _core(b[0]), _core(o[0])
            if bc == oc or not bc or not oc or any(ch.isdigit() for ch in bc + oc):
                continue
            if len(bc) != len(oc) or not any(ch in _VOWEL_BASES for ch in fold(bc).lower()):
                continue  # only letters or marks read differently; an abbreviation ('VT') stays
            oc = oc.upper() if bc.isupper() else (oc[:1].upper() + oc[1:].lower() if bc[:1].isupper()
                                                  else oc.lower())  # the best reading's case
            if oc != bc and score(oc, i) > score(bc, i):
                out[i] = (b[0].replace(bc, oc, 1), b[1], b[2], min(b[3], o[3]))
                changed = True
    if not changed:
        return best
    text = " ".join(w[0] for w in out)
    return LineRead(text, best.confidence, tuple(out), best.engine, dict(best.extra, combined=other.engine))


def make_detector(name: str, threads: int = 1, side: int | None = None):
    if name == "onnx":
        from .onnx_det import OnnxDetector
        return OnnxDetector(threads=threads, side=side)
    if name == "paddle":
        from .paddle_det import PaddleDetector
        return PaddleDetector(threads=threads, resize_long=side)
    if name == "tesseract":
        from .tesseract import TesseractLayoutDetector
        return TesseractLayoutDetector()
    raise ValueError(f"unknown detector {name!r}")


def make_recognizer(name: str, threads: int = 1) -> LineRecognizer:
    if name in ("aster", "aster-greedy"):
        from .aster import AsterRecognizer
        return AsterRecognizer(threads=threads, lexicon=name == "aster")
    if name == "tess-line":
        from .tesseract import TesseractLineRecognizer
        return TesseractLineRecognizer()
    raise ValueError(f"unknown recogniser {name!r}")


register("paddle-aster")(lambda **kw: HybridEngine("paddle", ("aster",), name="paddle-aster", **kw))
register("paddle-tess")(lambda **kw: HybridEngine("paddle", ("tess-line",), name="paddle-tess", **kw))
register("paddle-hybrid")(lambda **kw: HybridEngine("paddle", ("tess-line", "aster"),
                                                    name="paddle-hybrid", **kw))
register("paddle-hybrid-736")(lambda **kw: HybridEngine("paddle", ("tess-line", "aster"),
                                                        name="paddle-hybrid-736", det_side=736, **kw))
register("paddle-both")(lambda **kw: HybridEngine("paddle", ("tess-line", "aster"),
                                                  name="paddle-both", accept=2.0, **kw))
# the same engine with greedy CTC decoding only (no word list): the bench's "before"
register("paddle-hybrid-greedy")(lambda **kw: HybridEngine("paddle", ("tess-line", "aster-greedy"),
                                                           name="paddle-hybrid-greedy", **kw))
register("tess-aster")(lambda **kw: TessAsterEngine(**kw))
# the same detector weights through onnxruntime (no Paddle at run time)
register("onnx-hybrid")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid", **kw))
# the default without the word-by-word combination (the more confident line wins whole): the bench's "before"
register("onnx-hybrid-line")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid-line",
                                                       combine=False, **kw))
# experiments: a Tesseract reading of valid syllables is kept from a lower calibrated confidence
register("onnx-hybrid-s70")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid-s70",
                                                      accept_syllables=0.7, **kw))
register("onnx-hybrid-s50")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid-s50",
                                                      accept_syllables=0.5, **kw))
