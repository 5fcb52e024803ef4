"""A unit's raised digit (``m²``), which AsterOCR has no character for and reads ``m2``: read
raised where the ink shows it raised, and ``m2`` written on the line left as written."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import line_crop, page_of, read_with_and_without
from scanner_station.ocr.base import LineRead
from scanner_station.ocr.raised import raised_digit, with_raised
from scanner_station.synth.pages import block_hand_fonts, cursive_fonts, printed_fonts


def _font(name: str):
    return next(f for f in list(printed_fonts()) + list(cursive_fonts()) + list(block_hand_fonts())
                if f.name.startswith(name))


@pytest.mark.parametrize("font", ["DancingScript", "IndieFlower", "Pacifico", "Roboto", "NotoSerif"])
@pytest.mark.parametrize("written, read", [
    ("d) Diện tích: 307,8 m²", "m²"),
    ("Diện tích 45,5 m²;", "m²;"),
    ("thể tích 12 m³ nước", "m³"),
    ("d) Diện tích: 307,8 m2", None),  # written on the line: stays as written
])
def test_a_units_digit_is_read_raised_only_where_its_ink_is(aster, font, written, read):
    crop = line_crop(written, _font(font))
    first = aster.read([crop])[0]
    assert "²" not in first.text and "³" not in first.text  # AsterOCR has no such character
    got = with_raised(first, crop)
    if read is None:
        assert got is None
        return
    assert got is not None
    i = got.extra["raised"][0]
    assert got.words[i][0] == read
    assert got.words[i][1:] == first.words[i][1:]  # where the word was read
    assert got.text == " ".join(w[0] for w in got.words)
    assert [w[0] for j, w in enumerate(got.words) if j != i] == [w[0] for j, w in enumerate(first.words) if j != i]


def _drawn(raise_by: int) -> np.ndarray:
    """A gray crop with an ``m``-like block and a digit-like block after it, raised ``raise_by``
    pixels above the line."""
    crop = np.full((60, 120), 255, np.uint8)
    crop[25:50, 10:50] = 0  # the letter, x-height 25
    crop[15 - raise_by + 20:50 - raise_by, 58:72] = 0  # the digit, 15 px tall
    return crop


def test_the_digit_is_raised_when_it_ends_above_the_middle_of_the_letter():
    assert raised_digit(_drawn(0), 10, 72) is False  # on the line
    assert raised_digit(_drawn(20), 10, 72) is True  # ends at 30 < 25 + 12.5
    assert raised_digit(_drawn(10), 10, 72) is False  # ends at 40: still on the letter's lower half
    blank = np.full((60, 120), 255, np.uint8)
    assert raised_digit(blank, 10, 72) is None  # no ink: nothing to tell


def test_only_a_unit_read_with_its_digit_is_looked_at():
    crop = _drawn(20)
    for text in ("2m", "m", "mm2", "m22", "Nam2"):
        assert with_raised(LineRead(text, 0.9, ((text, 10, 72, 0.9),), "aster"), crop) is None
    got = with_raised(LineRead("km2,", 0.9, (("km2,", 10, 72, 0.9),), "aster"), crop)
    assert got is not None and got.text == "km²,"


def test_the_default_engine_reads_an_area_s_raised_digit_on_a_page():
    page = page_of("d) Diện tích: 312,5 m²", _font("IndieFlower"), 0.8)
    layout, plain = read_with_and_without(page, raised=False)
    assert layout.text.splitlines()[0].endswith("m²")
    assert plain.text.splitlines()[0].endswith("m2")
    assert layout.meta["line_choices"]["raised"] == 1
    assert "raised" not in plain.meta["line_choices"]


def test_a_raised_digit_is_weighed_as_the_digit_the_recogniser_reads():
    """AsterOCR has no ``²``: a value shown ``m²`` (an area read again among its decimal marks) is
    weighed on its frames as the ``m2`` they read — not with the digit dropped, far below the
    frames' own reading."""
    from scanner_station.extraction.reread import _Weights
    from scanner_station.ocr.ctc import log_likelihood

    chars = ["<b>", "1", "2", "m", " ", ","]
    frames = "1 m2"
    p = np.full((len(frames) * 2, len(chars)), 0.01)
    for t, c in enumerate(frames):
        p[2 * t, chars.index(c)] = 0.95
        p[2 * t + 1, 0] = 0.95
    p /= p.sum(axis=1, keepdims=True)
    assert log_likelihood(p, "1 m²", chars) == log_likelihood(p, "1 m2", chars) > float("-inf")
    weights = _Weights([(LineRead("1 m2", 0.9, (("1", 0, 5, 0.9), ("m2", 8, 20, 0.9)), "aster"), p, chars)])
    assert weights.weigh("1 m²") == weights.weigh("1 m2") == weights.as_read()
