"""A handwritten line leaning far from the slant the recogniser reads is sheared towards it
(real AsterOCR on lines rendered in the development hands)."""

import numpy as np
import pytest

from conftest import cer
from scanner_station.ocr import slant
from scanner_station.synth.pages import block_hand_fonts, cursive_fonts, printed_fonts, render_lines

LINES = ["Họ, chữ đệm, tên: Nguyễn Thị Thủy", "Nơi sinh: Trạm y tế xã Đông Hưng",
         "Quê quán: xã Yên Phong, tỉnh Bắc Ninh"]


def _line(text: str, font, size: int = 54) -> np.ndarray:
    img = render_lines([text], font, size_px=size, page_size=(1800, 170), margin=40)
    g = img[:, :, 0]
    ys, xs = np.nonzero(g < 128)
    pad = int((ys.max() - ys.min()) * 0.15)
    return g[max(0, ys.min() - pad):ys.max() + pad, max(0, xs.min() - pad):xs.max() + pad].copy()


def _leaning(gray: np.ndarray, more: float) -> np.ndarray:
    """``gray`` leaning ``more`` degrees further to the right."""
    return slant.shear(gray, -more)[0]


def test_the_measured_slant_follows_the_lean():
    hand = _line(LINES[0], cursive_fonts()[0])
    base = slant.estimate(hand)
    assert base is not None
    for more in (12.0, 24.0):
        assert abs(slant.estimate(_leaning(hand, more)) - base - more) <= 6.0
    assert slant.estimate(_leaning(hand, -20.0)) < base - 12.0


def test_upright_print_and_an_empty_crop_are_read_as_they_are():
    for font in printed_fonts()[:3]:
        crop = _line(LINES[1], font, size=40)
        out, dx, angle = slant.normalise(crop)
        assert out is crop and dx == 0 and slant.KEEP[0] <= angle <= slant.KEEP[1]
    blank = np.full((40, 300), 255, np.uint8)
    assert slant.normalise(blank) == (blank, 0, None)


def test_a_line_leaning_far_is_read_like_an_upright_one(aster, monkeypatch):
    leaning = [_leaning(_line(t, f), 26.0) for t in LINES for f in cursive_fonts()]
    texts = [t for t in LINES for _ in cursive_fonts()]
    normalised = sum(cer(t, r.text) for t, r in zip(texts, aster.read(leaning))) / len(texts)
    monkeypatch.setattr(slant, "KEEP", (-90.0, 90.0))  # the step off: the lines read as they lean
    as_leaning = sum(cer(t, r.text) for t, r in zip(texts, aster.read(leaning))) / len(texts)
    assert normalised < 0.08
    assert as_leaning > 2 * normalised + 0.05


def test_words_of_a_sheared_line_keep_their_place_in_the_crop(aster):
    crop = _leaning(_line(LINES[2], cursive_fonts()[0]), 26.0)
    read = aster.read([crop])[0]
    assert read.extra.get("sheared", 0) > 0
    xs = [(x0, x1) for _, x0, x1, _ in read.words]
    assert all(0 <= a < b <= crop.shape[1] for a, b in xs)
    assert [a for a, _ in xs] == sorted(a for a, _ in xs)
    # the last word ends near the ink's right end, not a shear's width beyond it
    ink = np.nonzero((crop < 128).any(axis=0))[0]
    assert abs(xs[-1][1] - ink.max()) < 0.12 * crop.shape[1]
    frames = aster.read_frames(crop)
    assert frames is not None and frames[0].text == read.text


def test_a_generated_hand_leans_as_asked():
    font = cursive_fonts()[0]
    upright = render_lines([LINES[2]], font, size_px=54, page_size=(1800, 170), margin=40)[:, :, 0]
    leaning = render_lines([LINES[2]], font, size_px=54, page_size=(1800, 170), margin=40,
                           lean=24.0)[:, :, 0]
    assert abs(slant.estimate(leaning) - slant.estimate(upright) - 24.0) <= 6.0
    assert (leaning < 128).sum() == pytest.approx((upright < 128).sum(), rel=0.1)  # nothing lost


@pytest.mark.parametrize("font", cursive_fonts() + block_hand_fonts(), ids=lambda f: f.stem)
def test_a_leaning_hand_keeps_its_descenders_and_dots_below(font):
    """Shearing moves ink sideways only: the leaning line's lowest ink (a ``g``, the dot of
    ``ụ``) is as low as the upright line's, and as much of it is drawn (a band cut at 1.6 sizes
    dropped them for fonts with a tall ascent: Pacifico)."""
    line = "Hình thức sử dụng: Sử dụng riêng; Diện tích"
    upright = render_lines([line], font, size_px=54, page_size=(2000, 260), margin=40)[:, :, 0]
    leaning = render_lines([line], font, size_px=54, page_size=(2000, 260), margin=40, lean=26.0)[:, :, 0]
    rows_up, rows_lean = np.nonzero((upright < 128).any(axis=1))[0], np.nonzero((leaning < 128).any(axis=1))[0]
    assert abs(rows_lean.max() - rows_up.max()) <= 3 and abs(rows_lean.min() - rows_up.min()) <= 3
    assert (leaning < 128).sum() == pytest.approx((upright < 128).sum(), rel=0.04)


def test_of_the_two_readings_the_more_certain_is_kept(aster, monkeypatch):
    """Whatever the slant measured, a line is never read worse than as it is: the crop as it is
    and the crop sheared are both read and the more certain reading kept."""
    crop = _line("Ngày đăng ký: 28/06/1952", printed_fonts()[0], size=40)
    as_is = aster.read([crop])[0]
    monkeypatch.setattr(slant, "KEEP", (100.0, 100.0))  # every line measured as leaning far
    monkeypatch.setattr(slant, "TARGET", -60.0)  # and sheared far off (it reads as garbage)
    both = aster.read([crop])[0]
    assert both.text == as_is.text and "sheared" not in both.extra
    frames = aster.read_frames(crop)
    assert frames[0].text == as_is.text


def test_a_cell_rule_is_not_sheared_into_a_letter():
    crop = _line("35", printed_fonts()[0], size=40)
    crop = np.pad(crop, ((0, 0), (30, 0)), constant_values=255)
    crop[:, 8:11] = 0  # the cell's left rule, through the crop's full height
    out = slant._without_upright_rules(crop, crop)
    assert (out[:, 8:11] == 255).all()
    assert np.array_equal(out[:, 30:], crop[:, 30:])  # the digits untouched
    letters = _line(LINES[0], cursive_fonts()[0])  # a padded line: no stroke touches both edges
    assert np.array_equal(slant._without_upright_rules(letters, letters), letters)
