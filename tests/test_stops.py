"""A line's last full stop, read where AsterOCR's frames show it though greedy decoding lost it —
and no stop where the ink has none."""

from __future__ import annotations

import pytest

from conftest import line_crop, smeared
from scanner_station.ocr.base import LineRead
from scanner_station.ocr.stops import SLACK, with_stop
from scanner_station.synth.pages import block_hand_fonts, cursive_fonts, printed_fonts

SENTENCE = "Giấy này có giá trị sử dụng trong thời hạn 06 tháng kể từ ngày cấp."


def _font(name: str):
    return next(f for f in list(printed_fonts()) + list(cursive_fonts()) + list(block_hand_fonts())
                if f.name.startswith(name))


def test_a_stop_the_greedy_reading_lost_is_read_where_the_ink_shows_it(aster):
    crop = smeared(SENTENCE, _font("BeVietnamPro"), 1.6)
    first = aster.read([crop])[0]
    assert first.text == SENTENCE[:-1]  # the stop lost
    read = with_stop(first, crop, aster)
    assert read is not None and read.text == SENTENCE
    assert -SLACK <= read.extra["stop"] <= 0  # the ink supports it nearly as well
    assert read.words[:-1] == first.words[:-1]
    assert read.words[-1] == ("cấp.",) + tuple(first.words[-1][1:])  # where the last word was read


@pytest.mark.parametrize("text, font", [
    ("Ghi chú: không", "IndieFlower"),
    ("Họ và tên: Nguyễn Văn An", "DancingScript"),
    ("Nơi sinh: xã Tân Phú, huyện Đông Anh", "Roboto"),
    ("TRÍCH LỤC KHAI SINH", "DancingScript"),
])
def test_no_stop_is_read_where_the_ink_has_none(aster, text, font):
    crop = line_crop(text, _font(font))
    first = aster.read([crop])[0]
    assert with_stop(first, crop, aster) is None


def test_a_line_ending_with_a_mark_or_with_no_word_is_left_alone(aster):
    crop = line_crop("Thửa đất:", _font("Roboto"))
    assert with_stop(LineRead("Thửa đất:", 0.9, (("Thửa", 0, 40, 0.9), ("đất:", 50, 90, 0.9)), "aster"), crop, aster) is None
    assert with_stop(LineRead("", 0.0, (), "aster"), crop, aster) is None


def test_a_reading_the_frames_cannot_spell_gets_no_stop(aster):
    crop = smeared(SENTENCE, _font("BeVietnamPro"), 1.6)
    read = LineRead("kể € cấp", 0.6, (("kể", 0, 20, 0.6), ("€", 30, 40, 0.6), ("cấp", 50, 70, 0.6)), "aster")
    assert with_stop(read, crop, aster) is None


def test_a_crop_weighed_twice_is_decoded_once(aster):
    """The stop's weighing asks for the frames a known text's weighing asked for a moment before:
    the same answer, not decoded again, and not to be written to."""
    crop = smeared(SENTENCE, _font("BeVietnamPro"), 1.6)
    first = aster.read_frames(crop)
    decoded = []
    real = aster._decode
    aster._decode = lambda *a, **k: decoded.append(1) or real(*a, **k)
    try:
        again = aster.read_frames(crop)
    finally:
        aster._decode = real
    assert again is first and decoded == []
    assert not first[1].flags.writeable
    assert aster.read_frames(crop.copy()) is first  # the same pixels, another array
