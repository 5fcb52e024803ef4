"""The ``onnx-hybrid-spans`` engine's second recogniser reads a line the first read surely but for
a few words only around those words (issue 15: AsterOCR's time is per pixel of line width). The
default engine reads such a line whole: a span costs printed pages a little accuracy."""

from dataclasses import replace

import numpy as np
import pytest

from scanner_station.ocr.base import LineRead
from scanner_station.ocr.hybrid import HybridEngine
from scanner_station.ocr.spans import SPAN_SHARE, doubt_span, shifted_read


def _read(*words):
    """A reading of words (text, x0, x1, conf) as the first recogniser gives it."""
    return LineRead(" ".join(w[0] for w in words), min(w[3] for w in words), tuple(words), "tess-line")


def _unsure(word, engine):
    return word[3] < 0.5


CROP = np.full((40, 1000), 255, np.uint8)
WORDS = [("Nơi", 0, 60, 0.99), ("cư", 80, 120, 0.99), ("trú:", 140, 200, 0.99), ("thôn", 220, 300, 0.99),
         ("Blorp,", 320, 420, 0.2), ("xã", 440, 480, 0.99), ("Đông", 500, 580, 0.99), ("Hòa", 600, 700, 0.99)]


def test_a_span_runs_from_the_word_before_the_doubtful_ones_to_the_word_after():
    before, span, after, (x0, x1) = doubt_span(_read(*WORDS), CROP, _unsure)
    assert before.text == "Nơi cư trú:" and span.text == "thôn Blorp, xã" and after.text == "Đông Hòa"
    # cut midway in the gaps beside the span: no letter of a neighbour is in it, none of its own cut
    assert (x0, x1) == (210, 490)
    assert span.confidence == 0.2 and before.confidence == after.confidence == 0.99
    assert all(r.engine == "tess-line" for r in (before, span, after))


def test_two_doubtful_words_apart_make_one_span_between_them():
    words = [w if w[0] not in ("cư", "xã") else (*w[:3], 0.3) for w in WORDS]
    words[4] = (*WORDS[4][:3], 0.99)
    before, span, after, (x0, x1) = doubt_span(_read(*words), CROP, _unsure)
    assert before is None and after.text == "Hòa" and (x0, x1) == (0, 590)
    assert span.text == "Nơi cư trú: thôn Blorp, xã Đông"


@pytest.mark.parametrize("change", ["none doubtful", "all doubtful", "span too wide", "at the ends"])
def test_a_line_is_read_whole_when_a_span_would_not_save_it(change):
    words = list(WORDS)
    if change == "none doubtful":
        words[4] = (*words[4][:3], 0.99)
    elif change == "all doubtful":
        words = [(*w[:3], 0.1) for w in words]
    elif change == "span too wide":
        words[1] = (*words[1][:3], 0.1)
        words[6] = (*words[6][:3], 0.1)
    else:  # the first and the last word: the span is the whole line
        words[4] = (*words[4][:3], 0.99)
        words[0] = (*words[0][:3], 0.1)
        words[-1] = (*words[-1][:3], 0.1)
    assert doubt_span(_read(*words), CROP, _unsure) is None


def test_a_span_at_the_start_of_a_line_starts_at_the_crop():
    words = [(*WORDS[0][:3], 0.1)] + WORDS[1:4] + [(*WORDS[4][:3], 0.99)] + WORDS[5:]
    before, span, after, (x0, x1) = doubt_span(_read(*words), CROP, _unsure)
    assert before is None and span.text == "Nơi cư" and x0 == 0 and x1 == 130
    assert x1 - x0 < SPAN_SHARE * CROP.shape[1]


def test_a_span_reading_is_placed_back_in_its_line():
    read = LineRead("thôn Blorp, xã", 0.8, (("thôn", 5, 80, 0.9), ("Blorp,", 100, 200, 0.8), ("xã", 220, 260, 0.9)),
                    "aster", {"k": 1})
    moved = shifted_read(read, 210)
    assert [w[1:3] for w in moved.words] == [(215, 290), (310, 410), (430, 470)]
    assert (moved.text, moved.confidence, moved.engine, moved.extra) == (read.text, 0.8, "aster", {"k": 1})
    assert shifted_read(read, 0) is read


class _Recording:
    """The engine's second recogniser, the widths of the crops it is given recorded."""

    def __init__(self, rec):
        self.rec, self.widths = rec, []

    def read(self, crops):
        self.widths += [c.shape[1] for c in crops]
        return self.rec.read(crops)

    def close(self):
        self.rec.close()


def test_the_spans_engine_reads_a_mostly_sure_line_again_only_around_its_doubt():
    """A long printed line with one word the word list has never seen: AsterOCR is given the
    span around it, not the line; the line's other words are the first reading's, in place.
    Read whole (``spans=False``, the default), AsterOCR is given the whole line."""
    from scanner_station.synth.pages import printed_fonts, render_lines

    line = "Nơi cư trú: thôn Blorp, xã Đông Hòa, huyện Thạch Thất, tỉnh Nghệ An"
    img = render_lines([line], printed_fonts()[1], size_px=56, page_size=(2300, 200), margin=40)[:, :, 0].copy()
    got = {}
    for spans in (True, False):
        eng = HybridEngine("onnx", ("tess-line", "aster"), spans=spans)
        eng._recognizers[1] = rec = _Recording(eng._recognizers[1])
        layout = eng.read_page(img)
        eng.close()
        got[spans] = (layout, rec.widths)
    (span_layout, span_widths), (whole_layout, whole_widths) = got[True], got[False]
    assert len(whole_widths) == 1 and whole_widths[0] > 1700
    assert len(span_widths) == 1 and span_widths[0] < SPAN_SHARE * whole_widths[0]
    assert span_layout.meta["line_choices"].get("spans") == 1
    assert "spans" not in whole_layout.meta["line_choices"]
    words = list(span_layout.words())
    assert [w.text.strip(",:") for w in words][-8:] == ["xã", "Đông", "Hòa", "huyện", "Thạch", "Thất", "tỉnh",
                                                        "Nghệ", "An"][-8:]
    assert span_layout.text.startswith("Nơi cư trú: thôn")
    # the words in reading order on the page, each in the line's box
    xs = [w.bbox.x0 for w in words]
    assert xs == sorted(xs) and all(w.bbox.x1 <= img.shape[1] for w in words)
    # the words outside the span are the first recogniser's; the span's the second's or both
    engines = {w.text: w.engine for w in words}
    assert engines["Thạch"] == "tess-line" and engines["Nơi"] == "tess-line"
    assert "aster" in engines.get("Blorp,", engines.get("Blorp", "aster"))


class _Marked:
    """The first recogniser, sure of a reading that ends in an odd mark ("⁄", as Tesseract reads a
    hand's strokes): what it reads, with " 4⁄24" after it at confidence 0.99."""

    def __init__(self, rec):
        self.rec = rec

    def read(self, crops):
        out = []
        for crop, r in zip(crops, self.rec.read(crops)):
            w = crop.shape[1]
            out.append(replace(r, text=r.text + " 4⁄24", confidence=0.99,
                               words=tuple((t, a, b, 0.99) for t, a, b, _ in r.words) + (("4⁄24", w - 4, w - 1, 0.99),)))
        return out

    def close(self):
        self.rec.close()


def test_a_sure_reading_with_an_odd_mark_is_read_again_and_comes_after_the_others():
    """"4⁄24" is strokes misread: however sure the first recogniser is, the line is read again by
    the second, and the second's reading (no odd mark) is the one kept."""
    from scanner_station.ocr.base import odd_marks
    from scanner_station.synth.pages import printed_fonts, render_lines

    img = render_lines(["Mục đích sử dụng: NTS"], printed_fonts()[1], size_px=56, page_size=(1200, 200),
                       margin=40)[:, :, 0].copy()
    eng = HybridEngine("onnx", ("tess-line", "aster"))
    eng._recognizers[0] = _Marked(eng._recognizers[0])
    eng._recognizers[1] = rec = _Recording(eng._recognizers[1])
    layout = eng.read_page(img)
    eng.close()
    assert rec.widths  # read again
    assert not odd_marks(layout.text) and "NTS" in layout.text
    assert odd_marks("© 94⁄4") and not odd_marks("Diện tích: 52,5 m² (100%)")
