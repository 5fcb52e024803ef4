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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from difflib import SequenceMatcher

import numpy as np

from ..ocr.band import ink_band
from ..ocr.base import LineRead, LineRecognizer
from ..domain.text import DOT_BELOW_TWINS
from ..ocr.ctc import best_in_pattern, log_likelihood
from ..ocr.raised import AS_DIGIT
from .crops import PAD_Y
from .doubt import PLACE_MARGIN


#: a reading's punctuation (and spaces) before and after its words
_EDGES = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.S)


def other_recogniser(first_engine: str) -> str:
    """The recogniser that did not read the value: AsterOCR unless it was AsterOCR."""
    return "tess-line" if first_engine == "aster" else "aster"


#: how much better than the page reading the ink must support a place far from AsterOCR's own
#: reading for it to be shown (``constrained_place``)
VALUE_MARGIN = 0.5


#: what a recogniser without an apostrophe reads one as
UNWRITABLE_READS = ("'", "’", "`", ",", ".", "O", "Ô", "o", "ô", "i", "l", "I", "1")


#: how many words either side of a piece's own last word a text's words may be cut between pieces
SHIFTS = (0, -1, 1, -2, 2)


class _Weights:
    """How well the frames of a crop's pieces (AsterOCR's, in reading order) support a text: its
    words split among the pieces where they are read (each split point within two words of the
    pieces' own readings', their run-together words apart), each piece's part weighed on that piece's frames (``ctc.
    log_likelihood``, memoised), the best split's sum. One piece: the text on its frames."""

    def __init__(self, pieces: list[tuple]) -> None:
        self.pieces = pieces
        self._memo: dict[tuple[int, str], float] = {}
        self._edges = [_EDGES.match(read.text).groups() for read, _, _ in pieces]
        if len(pieces) > 1:
            from ..ocr.spacing import respaced

            # each piece's words as its reading has them, run-together words apart ("Quận,huyệnPhù"
            # is three words of a candidate): where the candidates' words may be cut between pieces
            counts = [len(respaced(read.text).split()) for read, _, _ in pieces]
        else:
            counts = []
        self._anchors = [sum(counts[:k + 1]) for k in range(len(pieces) - 1)]

    def _plain(self, k: int, text: str, loose: str = "") -> float:
        if (k, text, loose) not in self._memo:
            _, p, chars = self.pieces[k]
            # a raised digit (``m²``) is weighed as the digit it is read as (``ctc.log_likelihood``)
            alphabet = set(chars[1:]) | AS_DIGIT.keys()
            # an apostrophe ("H'Mông") is a mark a hand's ink often leaves unread: weighed with it
            # and without; a mark the recogniser has no letter for is read as nothing or as a
            # mark or letter like it ("HOMông"): the likeliest of those
            texts = [text] + ([text.replace("'", "").replace("’", "")] if "'" in text or "’" in text else [])
            subs = [""] + [a for a in UNWRITABLE_READS if a in alphabet]
            self._memo[(k, text, loose)] = max(
                log_likelihood(p, "".join(c if c in alphabet else sub for c in t), chars, loose_spaces=True,
                               loose=loose)
                for t in texts for sub in (subs if any(c not in alphabet for c in t) else [""]))
        return self._memo[(k, text, loose)]

    def _part(self, k: int, text: str, edges: bool, loose: str = "") -> float:
        if not edges:
            return self._plain(k, text, loose)
        lead, _, trail = self._edges[k]
        return max(self._plain(k, text, loose), self._plain(k, lead + text + trail, loose))

    def as_read(self) -> float:
        return sum(self._plain(k, read.text) for k, (read, _, _) in enumerate(self.pieces))

    def weigh(self, text: str, edges: bool = True, loose: str = "") -> float:
        """``text`` on the pieces; with ``edges``, each piece's part also with the punctuation
        that piece's own reading has before and after its words (the "(" of "(bằng chữ" at the
        crop's edge: weighed with the candidate, not counted against it); each of ``loose``
        weighed as a word space is (``ctc.log_likelihood``)."""
        if len(self.pieces) == 1:
            return self._part(0, text, edges, loose)
        words = text.split()
        # the best split piece by piece (each piece's part weighed on its own frames, so the
        # best sum ends each piece at its best cut for where the piece begins): a few weighings
        # a piece, not SHIFTS ** pieces (a place over eight lines of a register's column)
        ends = {0: 0.0}  # where the pieces so far may end → their best sum
        for k in range(len(self.pieces)):
            cuts = [a + d for a in self._anchors[k:k + 1] for d in SHIFTS] or [len(words)]
            reach: dict[int, float] = {}
            for b in cuts:
                for a, total in ends.items():
                    if a < b <= len(words):
                        got = total + self._part(k, " ".join(words[a:b]), edges, loose)
                        reach[b] = max(reach.get(b, float("-inf")), got)
            ends = reach
        return ends.get(len(words), float("-inf"))


def dotted_as(text: str, read: str) -> str:
    """``text`` with each vowel that stands where ``read`` has its twin (the same vowel with a dot
    below or without, ``domain.text.DOT_BELOW_TWINS``) as ``read`` has it ("Huệ" beside "Huê" →
    "Huê"): weighed so, a candidate's dot below weighs as the reading's — neither for it nor
    against it."""
    out = list(text)
    for op, a0, a1, b0, b1 in SequenceMatcher(None, text, read, autojunk=False).get_opcodes():
        if op == "replace" and a1 - a0 == b1 - b0:
            for k in range(a1 - a0):
                if DOT_BELOW_TWINS.get(text[a0 + k]) == read[b0 + k]:
                    out[a0 + k] = read[b0 + k]
    return "".join(out)


#: candidates weighed with the reading's dots below (``dotted_as``) within this many nats of the
#: best are told apart by the ink as read: a twin weighed so gets the reading's own score for the
#: letter, as a bound, and "Trang" for a value read "Trạng" may only just top "Trọng"
DOTS_TIE = 1.0


def _itself(text: str) -> str:
    return text


def _best(w: _Weights, scored: list[tuple[float, int, str]], tie: Callable[[str], str] | None,
          loose: str = "") -> tuple[float, int, str]:
    """The best of ``scored`` (weight, -index, candidate); with ``tie`` (candidates weighed with
    the reading's dots below, ``dotted_as``: what of a candidate is weighed as it is), those
    within ``DOTS_TIE`` of it are told apart by the ink as read — the one it supports with its own
    dots, not the first listed."""
    best = max(scored)
    if tie is not None:
        tied = [s for s in scored if s[0] >= best[0] - DOTS_TIE]
        if len(tied) > 1:
            best = max(tied, key=lambda s: (w.weigh(tie(s[2]), loose=loose), s[1]))
    return best


#: how far below the ink's free reading (× ``apart``) a candidate told apart from the others may be
APART_REACH = 10.0


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
        #: the last crop weighed: (its crops' ids, the crops, their weights)
        self._weights_last: tuple[tuple, list, _Weights] | None = None
        #: whether a candidate's dot below weighs as the reading's (``over_leader``)
        self._dots_as_read = False

    @contextmanager
    def over_leader(self, over: bool = True) -> Iterator[None]:
        """Readings of a value written over a form's dotted line (``page_marks.over_leader``): a
        candidate's dot below, or its lack, where the value has the other, weighs as the value's
        (``dotted_as``) — cleanup may have taken the dot below off with the line's, or left a
        line's dot under a letter, and the ink cannot tell them apart there; the value's lists
        (names, units) tell them, and where two candidates are alike but for it, the ink as read."""
        before, self._dots_as_read = self._dots_as_read, over
        try:
            yield
        finally:
            self._dots_as_read = before

    def _shaped(self, value: str, weighed: Callable[[str], str] | None) -> tuple[Callable[[str], str],
                                                                                  Callable[[str], str] | None]:
        """What of a candidate is weighed — ``weighed`` of it (or it), with the value's dots below
        where it is written over a form's dotted line (``over_leader``) — and there, what of it
        the ink as read tells near ties apart by (``_best``; None elsewhere)."""
        plain = weighed or _itself
        if not self._dots_as_read:
            return plain, None
        return (lambda c: dotted_as(plain(c), value)), plain

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
            band = self.band_reading(crop)
            if band is not None:
                return band.text
            crop = ink_band(crop, PAD_Y)  # beyond one pass: read in pieces, as a line is
        return self._rec(recogniser).read([crop])[0].text

    def _aster_frames(self, crop: np.ndarray) -> tuple | None:
        """AsterOCR on the band of the crop's ink (it scales to 32 px: the value's band, not the
        padding): ``AsterRecognizer.read_frames``' reading, frame probabilities and characters,
        None when the band is beyond one pass's reach. Kept for the same crop object."""
        if self._aster_last is None or self._aster_last[0] is not crop:
            self._aster_last = (crop, self._rec("aster").read_frames(ink_band(crop, PAD_Y)))
        return self._aster_last[1]

    def band_reading(self, crop: np.ndarray) -> LineRead | None:
        """AsterOCR's reading of the band of the crop's ink (its confidence too); None when the
        crop is too small or beyond one pass's reach."""
        if crop.size == 0 or min(crop.shape[:2]) < 4:
            return None
        frames = self._aster_frames(crop)
        return frames[0] if frames is not None else None

    def second_opinion(self, crop: np.ndarray, first_engine: str) -> str:
        return self.read(crop, other_recogniser(first_engine))

    def restricted(self, crop: np.ndarray, charset: str = "0123456789") -> str:
        """Tesseract limited to ``charset`` (e.g. digits for an ID number)."""
        return self.read(crop, f"tess-only:{charset}").replace(" ", "")

    def constrained_place(self, crop: np.ndarray | list[np.ndarray], value: str) -> tuple[str, float]:
        """The reading of a place's crop among its readings with the nearest existing unit words
        and names (``place_readings.unit_readings``) that name more units than the value, or a
        place that exists where the value names none — ("", 0) when there is no such reading;
        see ``constrained``. The readings start from the page reading and from AsterOCR's own
        reading of the crop, and from both with the nearest provinces where no province is read;
        a place that exists far from AsterOCR's reading is still shown (gain 0) where the ink
        supports it better than the page reading (``_beside_value``)."""
        from . import place_words, places
        from .place_readings import names_marked_otherwise, province_readings, unit_readings
        from ..ocr.spacing import respaced

        def known(text: str) -> tuple[int, int, bool]:
            return places.named_units(text), place_words.unit_words_read(text), not place_words.office_misread(text)
        here = known(value)
        # AsterOCR's own reading of the crop is a start for other readings too (the page
        # reading may come from a line read otherwise: "Uy bo nhân din …" where the crop reads
        # "Ủỷy ban nhân dân …"); a place ending in no province as read ("… Hưng Nguyên ừa Nghệ
        # Un"): its units are looked for in the nearest provinces too
        own = _undotted(respaced(self._aster_text(crop)))
        starts = [value] + ([own] if own and own != value else [])
        bases = starts + [p for b in starts for p in province_readings(b)[:3]]
        readings = list(dict.fromkeys([b for b in bases[1:] if b != own or place_words.names_a_unit(own)]
                                      + [c for b in bases for c in unit_readings(b)]))
        if place_words.units_as_spelled(value) and place_words.unit_words_read(value) >= min(3, len(value.split(","))):
            # every unit it names exists as spelled, each part under its own unit word: only a
            # reading naming units that exist together can name more ("xã Thụy Hưng, huyện
            # Chương Mỹ" for Thụy Hương, a commune of Chương Mỹ)
            cands = [c for c in readings if place_words.names_a_unit(c)]
        else:
            cands = [c for c in readings if known(c) > here or place_words.names_a_unit(c)]
        # of the readings the ink supports nearly as well as its own, one naming, as spelled, a
        # commune and district of its province comes first ("huyện Tiên Yên, tỉnh Quảng Minh" →
        # "… Quảng Ninh": a hand's N read as M by the ink alone) — a place that exists, each of
        # its parts under its unit word as spelled ("phưỡng Phố Mỡi, thị xã Quế Võ, …" names a
        # unit by its district and province alone); shown, a question either way
        exist = [c for c in cands if place_words.names_a_unit(c) and not place_words.first_unit_word_misread(c)
                 and place_words.unit_words_read(c) >= min(3, len(c.split(",")))]
        misread = place_words.office_head(value)
        head = misread
        if misread:
            # the office's name misread before the commune ("Cy ban nhân dân xã …": a hand's Ủ,
            # which the ink alone reads as C): a reading with the office's name otherwise
            # (AsterOCR's "Uỳyómnhândan") is none; the units are weighed with the office's name
            # as the ink reads it (AsterOCR's own reading's, else the value's) and shown with it
            # spelled — as spelled where AsterOCR reads it so
            cands = [c for c in cands if place_words.names_office(c)]
            exist = [c for c in exist if c in cands]
            if own and place_words.names_office(own):
                head = place_words.office_head(own)
        weighed = (lambda c: head + c[len(place_words.OFFICE):] if c.startswith(place_words.OFFICE + " ") else c) if head else None
        text, gain = self.constrained(crop, value, exist, weighed=weighed)
        if not (text and gain >= -PLACE_MARGIN) and (marked := [c for c in exist if names_marked_otherwise(c, value)]):
            # a place that exists with the value's very letters, marks otherwise in some of its
            # names ("xã Phi Tố, huyện Lậm Hà, tỉnh Lâm Đồng": a hand's marks misread in two
            # names): each name marked otherwise is allowed the margin one name has, and the
            # gain given is a name's share
            mtext, mgain = self.constrained(crop, value, marked, weighed=weighed)
            names = names_marked_otherwise(mtext, value) if mtext else 0
            if names and mgain >= -PLACE_MARGIN * names:
                text, gain = mtext, mgain / names
        if not (text and gain >= -PLACE_MARGIN):
            # AsterOCR reads the ink otherwise than the page reading elsewhere too (a cramped
            # hand's "xãThụyTường,…tònhTháiBình" for "… Trường, … tinh Thái Bình"): far from its
            # own reading, a place that exists is still shown where the ink supports it better
            # than the page reading it would replace (gain 0: no worse than what is shown) —
            # before a reading nearer the ink that names no more than some of its units
            better = self._beside_value(crop, value, exist, weighed)
            if better:
                text, gain = better, 0.0
            else:
                text, gain = self.constrained(crop, value, cands, prefer=place_words.names_a_unit,
                                              margin=PLACE_MARGIN, weighed=weighed)
        if text and misread:
            text = place_words.office_spelled(text) or text
        return text, gain

    def _weights(self, crop: np.ndarray | list[np.ndarray]) -> _Weights | None:
        """The crop's (or its lines') AsterOCR frames to weigh readings on, None out of reach;
        the last crop's kept, its weighings memoised (a place is weighed in several rounds)."""
        crops = crop if isinstance(crop, list) else [crop]
        key = tuple(id(c) for c in crops)
        if self._weights_last is not None and self._weights_last[0] == key and all(
                a is b for a, b in zip(self._weights_last[1], crops)):
            return self._weights_last[2]
        if not crops or any(c.size == 0 or min(c.shape[:2]) < 4 for c in crops):
            return None
        pieces = [self._aster_pieces(c) for c in crops]
        if not all(pieces):
            return None
        w = _Weights([p for ps in pieces for p in ps])
        self._weights_last = (key, crops, w)
        return w

    def weigher(self, crop: np.ndarray | list[np.ndarray]) -> Callable[[str], float] | None:
        """How well the crop's ink supports a text (``_Weights.weigh``, log-likelihood on
        AsterOCR's frames, memoised), None out of reach."""
        w = self._weights(crop)
        return None if w is None else w.weigh

    def _aster_text(self, crop: np.ndarray | list[np.ndarray]) -> str:
        """AsterOCR's own reading of the crop (of each of its lines, joined), "" out of reach."""
        from .reading import clean_value

        w = self._weights(crop)
        text = clean_value(" ".join(read.text for read, _, _ in w.pieces)) if w is not None else ""
        return text.strip(" \"'“”:;,.")  # the label's colon or a quote the crop's edge holds

    def in_pattern(self, crop: np.ndarray, slots: list[tuple[str, bool]]) -> str:
        """The crop's ink read as a text of a fixed shape (``ctc.best_in_pattern``: each slot
        one of its characters, in order), "" where the crop is out of one pass's reach."""
        w = self._weights(crop)
        if w is None or len(w.pieces) != 1:
            return ""
        _, p, chars = w.pieces[0]
        best = best_in_pattern(p, chars, slots)
        return best[0] if best else ""

    def _beside_value(self, crop: np.ndarray | list[np.ndarray], value: str, cands: list[str],
                      weighed: Callable[[str], str] | None = None) -> str:
        """The one of ``cands`` the crop's ink supports best if it supports it better than
        ``value`` by ``VALUE_MARGIN`` nats, else "" (``weighed``: as in ``constrained``)."""
        w = self._weights(crop) if cands else None
        if w is None:
            return ""
        shaped, tie = self._shaped(value, weighed)
        best, _, text = _best(w, [(w.weigh(shaped(c)), -i, c) for i, c in enumerate(cands)], tie)
        return text if best > float("-inf") and best >= w.weigh(value) + VALUE_MARGIN else ""

    def constrained(self, crop: np.ndarray | list[np.ndarray], value: str, cands: list[str],
                    prefer: Callable[[str], bool] | None = None, margin: float = 0.0,
                    loose: str = "", weighed: Callable[[str], str] | None = None,
                    apart: float = 0.0, rivals: Sequence[str] = ()) -> tuple[str, float]:
        """The one of ``cands`` the crop's ink supports best — AsterOCR's frame probabilities,
        every alignment (``ctc.log_likelihood``) — and how much better than the best
        unconstrained reading (log-likelihood, ≤ 0 worse). ("", 0) when there is no candidate
        or the crop is out of reach. ``crop`` may be a value's lines' crops, in reading order.
        A character the recogniser cannot write (the apostrophe of "H'Mông") is left out of the
        candidate's weighing, not out of the candidate; the punctuation the free reading has
        before and after the value (the "(" of "(bằng chữ" at the crop's edge) is weighed with
        each candidate, not counted against it. With
        ``prefer``: of the candidates within ``margin`` of the best unconstrained reading, the
        best one ``prefer`` holds for, if any. Each of ``loose`` in the value and the candidates
        weighs nothing where the ink shows no mark for it (a code's full stops). ``weighed``: what
        of a candidate is weighed on the ink, where not the candidate itself. With ``apart``: the
        best candidate at gain 0 where the ink supports it over every other by ``apart`` nats,
        up to three times that below the free reading (a list of two values, "Nam"/"Nữ": the ink
        need only tell them apart — a hand's "Nữ" is read "M", "Vữ"), or up to ``APART_REACH``
        times where every other is three times as far below it again. ``rivals``: what the
        field may hold besides ``cands`` (every other country's name beside "Việt Nam"), weighed
        only for ``apart``: the best candidate must be told apart from them too; never returned."""
        w = self._weights(crop) if cands else None
        if w is None:
            return "", 0.0
        if len(w.pieces) > 1 and w.as_read() == float("-inf"):
            return "", 0.0  # a piece read as nothing: its words cannot be placed on it
        free = max(w.weigh(value, edges=False, loose=loose), w.as_read())
        shaped, tie = self._shaped(value, weighed)
        scored = [(w.weigh(shaped(c), loose=loose), -i, c) for i, c in enumerate(cands)]
        if free == float("-inf"):
            return "", 0.0
        if prefer is not None:
            liked = [s for s in scored if s[0] - free >= -margin and prefer(s[2])]
            scored = liked or scored
        best, _, text = _best(w, scored, tie, loose)
        if best == float("-inf"):
            return "", 0.0
        deficit = free - best

        def apart_enough(gap: float) -> bool:
            # up to three times ``apart`` below the free reading, or further where the others are
            # three times as far below it again (a purpose's long wording, "Đất chuyên trồng lúa
            # nước (LUC)" 33 nats below a hand's free reading, every other purpose 300)
            return gap >= apart and (deficit <= 3 * apart or gap >= 3 * deficit)

        others = [s[0] for s in sorted(scored)[:-1]]
        rest = [c for c in rivals if c not in cands]
        # the rivals are weighed only where being apart can change the gain: the gap to the other
        # candidates holds already (rivals can only narrow it), or there are none yet
        if apart and 0 < deficit <= APART_REACH * apart and (not others or apart_enough(best - max(others))):
            others += [w.weigh(shaped(c), loose=loose) for c in rest]
            if others and apart_enough(best - max(others)):
                return text, 0.0
        return text, best - free

    def _aster_pieces(self, crop: np.ndarray) -> list[tuple]:
        """AsterOCR's reading and frames of the crop (``_aster_frames``); of a crop beyond one
        pass's reach, of each piece it is cut into at its emptiest columns, as a line is read
        (a place with its office's name often is: "Ủy ban nhân dân xã …, thành phố Hà Nội")."""
        one = self._aster_frames(crop)
        if one is not None:
            return [one]
        from ..ocr.aster import split_long
        out = [self._rec("aster").read_frames(piece) for _, piece in split_long(ink_band(crop, PAD_Y))]
        return out if out and all(f is not None for f in out) else []

    def close(self) -> None:
        self._aster_last = self._weights_last = None
        for name, r in self._recs.items():
            if name not in self._shared:
                r.close()
        self._recs.clear()


#: a leader's dot read at a word's side on a dotted form (".thị. xã"): before a word, and after a
#: word that has one before it (a dot after a word alone may be its comma or full stop, misread:
#: "huyện Thái Thụy. tỉnh …")
_SIDE_DOTS = re.compile(r"(?<![^\s,])\.+(\w+)\.*(?=\s|,|$)")


def _undotted(text: str) -> str:
    """A place as AsterOCR read it on a dotted form without the leaders' dots at its words' sides."""
    return _SIDE_DOTS.sub(r"\1", text)
