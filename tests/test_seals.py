"""An office's red round seal dropped from the grey page before it is read; the black and blue ink
under it, and red that is no seal (a certificate's serial), kept."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanner_station.imaging.cleanup import CleanupOptions, clean_page, to_gray
from scanner_station.imaging.seals import drop_seals, find_seals
from scanner_station.synth.ink import _seal
from scanner_station.synth.pages import _font, printed_fonts

NOTE = "Ghi chú: nhận cha con theo TL số 154/TLNCMC ngày 17/12/1988"
SERIAL = "AA 01234567"


def _page(seal: bool = True, serial: bool = False) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A 2480 × 3508 page (300 dpi A4), yellowish paper, the note in black near its foot, a red
    seal pressed over the note's end (the box of the note's ink), and a serial in red below."""
    im = Image.new("RGB", (2480, 3508), (246, 240, 226))
    d = ImageDraw.Draw(im)
    font = _font(printed_fonts()[0], 48)
    d.text((250, 3000), NOTE, font=font, fill=(20, 20, 20))
    if serial:
        d.text((330, 3300), SERIAL, font=_font(printed_fonts()[0], 56), fill=(200, 30, 35))
    x0, y0, x1, y1 = d.textbbox((250, 3000), NOTE, font=font)
    out = np.asarray(im)
    if seal:  # the ring's left side across the year
        out = _seal(out, random.Random(3), x1 + 120, 3040)
    return out, (x0, y0, x1, y1)


def test_a_round_red_seal_is_found_and_nothing_else():
    img, _ = _page(serial=True)
    [(x0, y0, x1, y1)] = find_seals(img)
    assert 330 <= x1 - x0 <= 420 and 330 <= y1 - y0 <= 420  # the seal, 380 px across
    assert find_seals(_page(seal=False, serial=True)[0]) == []  # a red serial is a long low line
    assert find_seals(to_gray(img)) == []  # a grey page has no red


def test_the_seal_s_ink_becomes_paper_the_ink_under_it_stays():
    img, (x0, y0, x1, y1) = _page(serial=True)
    gray = to_gray(img)
    plain = to_gray(_page(seal=False, serial=True)[0])
    dropped, [box] = drop_seals(img, gray)
    sx0, sy0, sx1, sy1 = box
    # the seal's ink, away from the note: as light as the paper around it
    ring = (slice(sy0 + 200, sy1), slice(sx0, sx1))
    assert (gray[ring] < 200).sum() > 2000 and (dropped[ring] < 200).sum() < 0.02 * (gray[ring] < 200).sum()
    # the note's letters under the ring: as dark as without the seal
    under = (slice(y0, y1), slice(sx0, x1))
    assert (plain[under] < 128).sum() > 500
    assert abs(int((dropped[under] < 128).sum()) - int((plain[under] < 128).sum())) < 0.05 * (plain[under] < 128).sum()
    # nothing outside the seal's box changed: the red serial stays as dark as converted
    outside = np.ones(gray.shape, bool)
    outside[sy0:sy1, sx0:sx1] = False
    assert np.array_equal(dropped[outside], gray[outside])
    assert (dropped[3300:3380, 330:800] < 128).sum() > 1000


@pytest.fixture(scope="module")
def engine():
    from scanner_station.ocr import create_engine

    e = create_engine("onnx-hybrid")
    yield e
    e.close()


def test_cleanup_drops_the_seal_and_says_where(engine):
    img, _ = _page()
    [page] = clean_page(img)
    [kept] = clean_page(img, CleanupOptions(seals=False))
    assert page.steps["seals"] == [list(b) for b in find_seals(img)] and "seals" not in kept.steps
    assert "seals" not in clean_page(_page(seal=False)[0])[0].steps
    read = engine.read_page(page.image).text
    assert NOTE in read.splitlines()
    # with the seal as grey, its ring across the year and its letters read as text
    assert NOTE not in engine.read_page(kept.image).text.splitlines()
