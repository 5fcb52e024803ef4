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

from dataclasses import replace

import cv2
import numpy as np

from ..domain.layout import BBox, Block, Line, PageLayout, Word, rows_by_overlap
from .band import glyph_marks
from .base import (VOWEL_BASES, DetectedLine, LineRead, LineRecognizer, OcrEngine, odd_marks, register, strip_width,
                   word_core)
from .calibration import calibrate
from .combine import COMBINED_SUFFIX, combine_words
from .ctc import listed_words
from .labels import known_reading
from .marks import as_marked
from .numbers import as_counted
from .raised import with_raised
from .spacing import respaced_read
from .stops import with_stop
from .spans import SPAN_DOUBT, doubt_span, shifted_read
from .through import FAINT_SURE, faint, not_vietnamese, reads_mirrored, split_faint_ends

#: page kept beside a line's box where the box cut a glyph, × the line's height
SIDE_MARGIN = 0.25
#: widest ink, × the line's height, taken for one printed glyph the box cut
GLYPH_WIDTH = 0.8
#: only a short box (a number, a code in a cell: × its height) is grown — one glyph is a large
#: share of its value; on long handwritten lines more page changed readings for the worse
#: (page CER 3.25 → 3.34 % on the bench's handwriting pages)
SHORT_BOX = 6.0


def rectify(gray: np.ndarray, quad, pad: float = 0.12) -> np.ndarray:
    """Crop a line's quadrilateral into a level strip, padded vertically by ``pad`` × height."""
    return rectify_line(gray, quad, pad)[0]


def rectify_line(gray: np.ndarray, quad, pad: float = 0.12,
                 grow: tuple[bool, bool] = (True, True)) -> tuple[np.ndarray, int]:
    """A line's level strip and where the box starts in it (x). The strip keeps a sliver of page
    at each end, and where the detector's tight box around a short value cut a glyph ("1" of
    "153" at the edge of a register's number cell, lost by both recognisers) up to
    ``SIDE_MARGIN`` × height of page on that side, so the glyph is whole — with any other ink there (a neighbour's letter, a
    table rule) whitened. ``grow``: whether each end may take more page (not where another
    detected line begins or ends: its letters are not this line's)."""
    q = np.asarray(quad, dtype=np.float32)
    w = strip_width(q)
    h = max(4, int(round(max(np.linalg.norm(q[3] - q[0]), np.linalg.norm(q[2] - q[1])))))
    py = int(round(h * pad))
    small = int(round(h * pad * 0.5))
    big = max(small, int(round(h * SIDE_MARGIN)))
    dst = np.float32([[big, py], [big + w, py], [big + w, py + h], [big, py + h]])
    m = cv2.getPerspectiveTransform(q, dst)
    crop = cv2.warpPerspective(gray, m, (w + 2 * big, h + 2 * py), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    if big == small or crop.ndim != 2 or w > SHORT_BOX * h:
        return crop[:, big - small:big + w + small], small
    a, b = big, big + w
    # rules are no part of a glyph (the foot a value is written on joins the "1" of "123" to its
    # neighbours): with them taken out, a glyph cut at the box's edge is a glyph again
    marks, upright = glyph_marks(crop, h)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    left = stats[1:, cv2.CC_STAT_LEFT]
    right = left + stats[1:, cv2.CC_STAT_WIDTH]
    # a glyph, not a joined-up handwritten word
    glyph = stats[1:, cv2.CC_STAT_WIDTH] <= GLYPH_WIDTH * h
    cut_a = grow[0] and bool(np.any((left < a) & (right > a) & glyph))
    cut_b = grow[1] and bool(np.any((left < b) & (right > b) & glyph))
    lo = 0 if cut_a else big - small
    hi = crop.shape[1] if cut_b else b + small
    foreign = [i + 1 for i in range(n - 1) if (cut_a and right[i] <= a) or (cut_b and left[i] >= b)]
    outside = np.zeros(crop.shape[1], bool)  # the page taken on a cut side
    outside[:a] = cut_a
    outside[b:] = cut_b
    rules = (upright > 0) & outside[None, :]
    if foreign or rules.any():
        crop = crop.copy()
        paper = int(np.percentile(crop, 90))
        crop[np.isin(labels, foreign) | rules] = paper
    return crop[:, lo:hi], big - lo


def _free_ends(det: DetectedLine, others: list[DetectedLine]) -> tuple[bool, bool]:
    """Whether no other detected line on the same text row begins or ends within
    ``SIDE_MARGIN`` × height of this line's left and right ends."""
    b = det.bbox
    reach = b.height * SIDE_MARGIN
    left = right = True
    for o in others:
        ob = o.bbox
        if o is det or ob.vertical_overlap(b) < 0.5:
            continue
        if ob.x0 < b.x0 and ob.x1 > b.x0 - reach:
            left = False
        if ob.x1 > b.x1 and ob.x0 < b.x1 + reach:
            right = False
    return left, right


def reading_order(lines: list[DetectedLine]) -> list[list[DetectedLine]]:
    """Group detected boxes into text rows (boxes on one baseline), top to bottom."""
    return rows_by_overlap(lines, lambda d: d.bbox, 0.55)


def _words_from_read(read: LineRead, det: DetectedLine, crop_w: int, left: int | None = None,
                     listed: list[dict] | None = None) -> list[Word]:
    """Map word spans in the crop back to page boxes along the line's quadrilateral (``left``:
    where the box starts in the crop, ``rectify_line``'s second value). ``listed``: where given,
    the words the word list chose over the ink's reading (``ctc.listed_words``) are added to it,
    each as ``{"read": the ink's reading, "shown": the word, "box": its page box}``."""
    chosen = listed_words(read) if listed is not None else {}
    q = np.asarray(det.quad, dtype=np.float32)
    bbox = det.bbox
    w = strip_width(q)
    px = max(0.0, (crop_w - w) / 2) if left is None else left
    out = []
    for j, (text, x0, x1, conf) in enumerate(read.words):
        if not text:
            continue
        f0, f1 = (min(1.0, max(0.0, (x - px) / w)) for x in (x0, x1))
        top0 = q[0] + (q[1] - q[0]) * f0
        top1 = q[0] + (q[1] - q[0]) * f1
        bot0 = q[3] + (q[2] - q[3]) * f0
        bot1 = q[3] + (q[2] - q[3]) * f1
        pts = np.stack([top0, top1, bot0, bot1])
        bx = BBox(int(max(bbox.x0, pts[:, 0].min())), int(pts[:, 1].min()),
                  int(min(bbox.x1, pts[:, 0].max())) + 1, int(pts[:, 1].max()) + 1)
        out.append(Word(text, bx, calibrate(read.engine, conf)))
        if j in chosen:
            listed.append({"read": chosen[j], "shown": text, "box": bx.as_list()})
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
                 combine: bool = True, check_words: bool = True, respace: bool = True,
                 spans: bool = False, headings: bool = True, labels: bool = True,
                 places: bool = True, stops: bool = True, raised: bool = True, marks: bool = True,
                 numbers: bool = True) -> None:
        """``accept_syllables``: a lower bar for a reading whose every word is a Vietnamese
        syllable (or a number, a code, punctuation) — the next recogniser is not asked.
        ``check_words``: a confident reading with a word the word list has never seen
        (``Thònh``, ``Xuôn``: Tesseract sure of a wrong mark on some fonts) is read by the next
        recogniser too, and the two are combined word by word. ``respace``: the words a line's
        chosen reading ran together put apart (``spacing.respaced_read``; "Độclập", "khaisinh").
        ``spans``: a line the first recogniser read surely but for a few words is read by the
        next only around those words (``doubt_span``), not whole. ``headings``: a line read near a
        known heading (the national name, a form's title) is read as it where AsterOCR's frames
        support it (``headings.as_heading``); ``labels``: a line starting near a form's label, with
        the label (``labels.as_labelled``); ``places``: a place's name no unit has, as the unit's
        name near it (``places.as_placed``); ``stops``: AsterOCR's line with the last full stop its
        frames show (``stops.with_stop``); ``raised``: a unit's digit the ink shows raised read
        ``m²`` (``raised.with_raised``); ``marks``: a line with a known text's letters, read with the
        marks it lost where the frames nearly support them (``marks.as_marked``; a heading's comma);
        ``numbers``: a number in words with its tens read by the grammar where the frames support
        it (``numbers.as_counted``; ``bốn mười hai`` → ``bốn mươi hai``)."""
        self.name = name or f"{detector}+{'+'.join(recognizers)}"
        self._detector = make_detector(detector, threads, det_side)
        self._recognizers = [make_recognizer(r, threads) for r in recognizers]
        self._recognizer_names = tuple(recognizers)
        self._accept = accept
        self._accept_syll = accept_syllables
        self._lex = None
        from .lexicon import available
        if accept_syllables is not None:
            self._lex = available()
        # two readings of a line are combined word by word, the word list arbitrating (None: the
        # more confident line wins whole)
        self._words_lex = available() if combine else None
        self._check_lex = available() if check_words else None
        #: the words a line's reading ran together put apart (``spacing.respaced_read``)
        self._respace = respace
        self._spans = spans
        #: faint lines read as no Vietnamese are the other side of the leaf (``faint``)
        self._syll_lex = available()
        #: AsterOCR weighs a line read near a known heading or starting near a form's label against it
        #: (``labels.known_reading``)
        self._aster = dict(zip(recognizers, self._recognizers)).get("aster")
        self._headings = headings
        self._labels = labels
        self._places = places
        self._stops = stops and self._aster is not None
        self._raised = raised
        self._marks = marks and self._aster is not None
        self._numbers = numbers and self._aster is not None

    def _all_syllables(self, text: str) -> bool:
        if self._lex is None:
            return False
        for w in text.split():
            core = word_core(w)
            if not core or any(ch.isdigit() for ch in core) or (core.isupper() and len(core) <= 5):
                continue
            if not self._lex.is_syllable(core):
                return False
        return True

    def _unseen_word(self, text: str) -> bool:
        """A word of letters (with a vowel; not a code in capitals) the word list does not have."""
        lex = self._check_lex
        if lex is None:
            return False
        from ..domain.text import fold

        for w in text.split():
            core = word_core(w)
            if not core or not core.isalpha() or (core.isupper() and len(core) <= 5):
                continue
            if not any(ch in VOWEL_BASES for ch in fold(core).lower()):
                continue
            if core.lower() not in lex.syllables:
                return True
        return False

    def _strips(self, gray: np.ndarray):
        """The detected lines in rows (reading order) and each line's straightened crop."""
        detected = [d for d in self._detector.detect(gray) if d.bbox.width >= 4 and d.bbox.height >= 4]
        # a box holding a line and, beyond it, the verso's line showing through: two lines
        detected = [part for d in detected for part in split_faint_ends(d, *rectify_line(gray, d.quad, grow=(False, False)))]
        rows = reading_order(detected)
        flat = [d for row in rows for d in row]
        return rows, flat, [rectify_line(gray, d.quad, grow=_free_ends(d, flat)) for d in flat]

    def every_reading(self, gray: np.ndarray) -> list[list[LineRead]]:
        """Every recogniser's raw reading of every detected line, in reading order (no cascade,
        no calibration): what ``bench/calibration_bench.py`` fits the confidence tables on."""
        crops = [c for c, _ in self._strips(gray)[2]]
        if not crops:
            return []
        return [list(reads) for reads in zip(*(rec.read(crops) for rec in self._recognizers))]

    def _doubtful(self, word: tuple, engine: str) -> bool:
        """A word of a line the next recogniser reads that it should read too: less sure than
        ``SPAN_DOUBT``, or unknown to the word list."""
        return calibrate(engine, word[3]) < max(self._accept, SPAN_DOUBT) or self._unseen_word(word[0])

    def read_page(self, gray: np.ndarray) -> PageLayout:
        h, w = gray.shape[:2]
        rows, flat, strips = self._strips(gray)
        crops = [c for c, _ in strips]
        cands: list[list[tuple[float, LineRead]]] = [[] for _ in flat]
        # per line: the first recogniser's words kept before and after the span the others read
        # (a line read whole: none), and the span's x range in the crop
        outer: dict[int, tuple[LineRead | None, LineRead | None]] = {}
        window: dict[int, tuple[int, int]] = {}
        pending = list(range(len(flat)))
        for k, rec in enumerate(self._recognizers):
            if not pending:
                break
            if k == 1 and self._spans:
                for i in pending:
                    cut = doubt_span(cands[i][0][1], crops[i], self._doubtful)
                    if cut is not None:
                        before, span, after, window[i] = cut
                        outer[i] = (before, after)
                        cands[i] = [(calibrate(span.engine, span.confidence), span)]
            parts = [crops[i][:, slice(*window[i])] if i in window else crops[i] for i in pending]
            reads = rec.read(parts)
            still = []
            last = k == len(self._recognizers) - 1
            for i, read in zip(pending, reads):
                if i in window:  # a span's reading (set before the second recogniser)
                    read = shifted_read(read, window[i][0])
                score = calibrate(read.engine, read.confidence)
                cands[i].append((score, read))
                if score < self._accept and not (self._accept_syll is not None and score >= self._accept_syll
                                                 and self._all_syllables(read.text)):
                    still.append(i)
                elif not last and (self._unseen_word(read.text) or odd_marks(read.text)):
                    still.append(i)  # a word the word list lacks, or strokes read as odd marks
            pending = still
        chosen: dict[int, tuple[list[LineRead], int]] = {}
        choices: dict[str, int] = {}
        through: list[list[int]] = []
        known_texts: dict[str, list[dict]] = {"heading": [], "label": [], "place": [], "mark": [], "number": []}
        for i in range(len(flat)):
            # a reading holding odd marks comes after one without, however sure its recogniser
            ranked = sorted(cands[i], key=lambda c: (odd_marks(c[1].text), -c[0]))
            best = ranked[0][1]
            if len(ranked) > 1 and self._words_lex is not None:
                best = combine_words(best, ranked[1][1], self._words_lex)
            before, after = outer.get(i, (None, None))
            segments = [r for r in (before, best, after) if r is not None]
            if (self._syll_lex is not None and ranked[0][0] < self._accept and faint(crops[i])
                    and (ranked[0][0] < FAINT_SURE
                         or not_vietnamese(" ".join(r.text for r in segments), self._syll_lex)
                         or reads_mirrored(crops[i], ranked[0][0], self._recognizers[-1], self._syll_lex))):
                # the other side of the leaf showing through, mirrored: flagged, not read as text
                through.append(flat[i].bbox.as_list())
                chosen[i] = ([], crops[i].shape[1])
                continue
            # a line read surely is left as read (``UNSURE``): AsterOCR weighs the others
            steps = (known_reading(segments, crops[i], self._aster, ranked[0][0], self._headings, self._labels,
                                   self._places) if self._aster is not None else [])
            if not steps and self._marks and (marked := as_marked(segments, crops[i], self._aster)) is not None:
                steps = [("mark", marked)]  # a known text's marks, however sure the reading
            if self._numbers and (counted := as_counted([steps[-1][1]] if steps else segments, crops[i],
                                                        self._aster)) is not None:
                steps.append(("number", counted))  # a number's tens by the words' grammar, however sure
            for kind, read in steps:  # a known heading, a form's label, a unit's name the ink supports
                choices[kind] = choices.get(kind, 0) + 1
                # the line as it was read before the step, kept beside
                known_texts[kind].append({"read": read.extra[kind], kind: read.text, "box": flat[i].bbox.as_list()})
            if steps:
                segments = [steps[-1][1]]
            if self._respace:  # a heading's words as listed: only a word read in two joined
                segments = [respaced_read(r, split=not any(kind == "heading" for kind, _ in steps)) for r in segments]
            if self._stops and len(segments) == 1 and segments[0].engine == "aster" and \
                    (stopped := with_stop(segments[0], crops[i], self._aster)) is not None:
                segments = [stopped]  # its last full stop, which the greedy reading lost
                choices["stop"] = choices.get("stop", 0) + 1
            if self._raised and any(ws := [with_raised(r, crops[i]) for r in segments]):
                segments = [r if w is None else w for r, w in zip(segments, ws)]  # ``m2`` written ``m²``
                choices["raised"] = choices.get("raised", 0) + 1
            chosen[i] = (segments, crops[i].shape[1])
            choices[best.engine] = choices.get(best.engine, 0) + 1
            if i in outer:
                choices["spans"] = choices.get("spans", 0) + 1
        lines: list[Line] = []
        #: words shown as the word list has them, not as the ink reads them (``ctc.listed_words``)
        listed: list[dict] = []
        k = 0
        for row in rows:
            words: list[Word] = []
            engines = []
            read_dets = [det for j, det in enumerate(row, k) if chosen[j][0]]
            for det in row:
                segments, cw = chosen[k]
                for read in segments:
                    tag = read.engine
                    if read.extra.get("combined"):  # words taken from the other recogniser's reading
                        tag += "+" + read.extra["combined"] + COMBINED_SUFFIX
                    words.extend(replace(w, engine=tag) for w in _words_from_read(read, det, cw, strips[k][1],
                                                                                  listed))
                    engines.extend(tag.split("+"))
                k += 1
            if words:
                box = BBox.enclosing(d.bbox for d in read_dets)
                conf = min(wd.confidence for wd in words)
                lines.append(Line(tuple(words), box, conf, "+".join(sorted(set(engines))),
                                  float(np.median([d.angle for d in read_dets]))))
        blocks = (Block(tuple(lines), BBox.enclosing(ln.bbox for ln in lines)),) if lines else ()
        meta: dict = {"line_choices": choices}
        if through:
            meta["show_through"] = through
        if listed:
            meta["word_list"] = listed
        for kind, entries in known_texts.items():
            if entries:
                meta[kind + "s"] = entries  # ``headings``, ``labels``, ``places``, ``marks``, ``numbers``
        return PageLayout(w, h, blocks, self.name, meta)

    def line_recognizers(self) -> dict[str, LineRecognizer]:
        return dict(zip(self._recognizer_names, self._recognizers))

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
            crops.append(rectify_line(gray, quad, pad=0.0))
        reads = self._aster.read([c for c, _ in crops])
        blocks = [list(b.lines) for b in page.blocks]
        switched = 0
        for (bi, li, line), det, read, (crop, left) in zip(todo, dets, reads, crops):
            if calibrate("aster", read.confidence) > calibrate("tesseract", line.confidence):
                words = _words_from_read(read, det, crop.shape[1], left)
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


def make_detector(name: str, threads: int = 1, side: int | None = None):
    if name in ("onnx", "onnx-fast"):
        from .onnx_det import OnnxDetector
        return OnnxDetector(threads=threads, side=side, score_mode="fast" if name == "onnx-fast" else "slow")
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
# the default with a mostly sure line read again only around its doubtful words (``doubt_span``):
# the engine 13 % less time a printed page (3.5 % end to end), faded print's CER 0.04 points
# worse (bench/RESULTS.md, session 24) — for an archive re-read where time counts more
register("onnx-hybrid-spans")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid-spans",
                                                        spans=True, **kw))
# the default without the word-by-word combination (the more confident line wins whole): the bench's "before"
register("onnx-hybrid-line")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid-line",
                                                       combine=False, check_words=False, **kw))
# the default without the second look at confident lines with a word the word list never saw
register("onnx-hybrid-nocheck")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid-nocheck",
                                                          check_words=False, **kw))
# the default with lines scored by their boxes (PaddleOCR's "fast" mode): the bench's "before"
register("onnx-hybrid-fastbox")(lambda **kw: HybridEngine("onnx-fast", ("tess-line", "aster"),
                                                           name="onnx-hybrid-fastbox", **kw))
# experiments: a Tesseract reading of valid syllables is kept from a lower calibrated confidence
register("onnx-hybrid-s70")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid-s70",
                                                      accept_syllables=0.7, **kw))
register("onnx-hybrid-s50")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-hybrid-s50",
                                                      accept_syllables=0.5, **kw))
# every line read by both recognisers and combined (the upper bound of asking AsterOCR more often)
register("onnx-both")(lambda **kw: HybridEngine("onnx", ("tess-line", "aster"), name="onnx-both", accept=2.0, **kw))
