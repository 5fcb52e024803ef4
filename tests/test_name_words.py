"""A name's middle or given word that no name is made of ("Phạm Kim Khung", "Đỗ Gọc Hùng"): read
again with the name words nearest to it (``data/name_syllables.txt``), shown only where the ink
supports such a reading nearly as well as its own, and always as a question (that part:
tests/test_forms.py, test_a_rare_name_clearly_written_stays_and_a_supported_reading_is_shown)."""

from __future__ import annotations

import unicodedata

import pytest

from scanner_station.extraction.name_readings import NAME_LIST_MAX, name_list_readings
from scanner_station.extraction.validators import name_syllables


@pytest.mark.parametrize("name,expected", [
    ("Phạm Kim Khung", "Phạm Kim Nhung"),      # a real syllable, no one's name: a letter misread
    ("Đỗ Gọc Hùng", "Đỗ Ngọc Hùng"),          # the first letter lost
    ("Hồ Iệu Hương", "Hồ Diệu Hương"),
    ("Lê Thanh Lạn", "Lê Thanh Lan"),         # a tone mark where there is none
    ("Lý Phưng Ảnh", "Lý Phương Ánh"),        # two words, each one edit away
    ("Trần Thanh Guyệt", "Trần Thanh Nguyệt"),
    # a hand's capital read small, or lost: the name words are weighed as names write them,
    # with a capital (a capital's ink weighed as "mỹ" lost to "ý")
    ("Trần ỹ Oanh", "Trần Mỹ Oanh"),
    ("Lê Thanh guyệt", "Lê Thanh Nguyệt"),
])
def test_a_word_no_name_is_made_of_has_readings_with_name_words(name, expected):
    cands = name_list_readings(name)
    assert expected in cands and name not in cands and len(cands) <= NAME_LIST_MAX


@pytest.mark.parametrize("name", ["Nguyễn Thị Nhung", "Trần Văn Khải", "Nhung", "Khung Văn An", "Lê 1985"])
def test_a_name_of_name_words_one_word_or_its_family_name_has_no_such_readings(name):
    # the family name is read with the family-name list, not this one; digits are no name word
    assert name_list_readings(name) == []


def test_the_name_words_list_is_clean_and_carries_its_licence():
    words = name_syllables()
    assert len(words) > 400 and {"Thị", "Văn", "Ngọc", "Nhung", "Đức"} <= words
    assert not {"Khung", "Gọc", "Ảnh"} & words
    assert all(w == unicodedata.normalize("NFC", w) and w.isalpha() and "\u00d0" not in w for w in words)
    from importlib import resources
    text = resources.files("scanner_station.data").joinpath("name_syllables.txt").read_text("utf-8")
    assert "MIT License" in text and "Copyright (c) 2016 Van-Duyet Le" in text


def test_a_garbled_long_name_gets_its_nearest_readings_without_making_every_combination():
    # nine words no name is made of, thirteen options each: 13**9 combinations were made and
    # sorted before the first 64 were taken; now they come nearest first, one word changed
    # before two
    value = "Trừng Ngọ Pú Khung Gọc Tọng Nung Mung Lạn Kển"
    cands = name_list_readings(value)
    assert len(cands) == NAME_LIST_MAX
    assert all(sum(a != b for a, b in zip(c.split(), value.split())) == 1 for c in cands[:9])


def test_the_family_name_is_weighed_again_beside_the_words_as_shown():
    """"Tương Mnh Tuấn": every family name weighs badly beside the misread "Mnh"; once the name's
    words are shown as "Minh", the family names are weighed again beside them (a question)."""
    import numpy as np
    from test_forms import TEMPLATES_BY_ID, FakeReader, _layout

    from scanner_station.extraction.doubt import SURNAME_CONSTRAINED
    from scanner_station.extraction.extract import extract

    class Ink(FakeReader):  # the ink holds "Trương Minh Tuấn"; a reading with "Mnh" is far from it
        def constrained(self, crop, value, cands):
            for good in ("Trương Minh Tuấn", "Tương Minh Tuấn"):
                if good in cands:
                    return good, -3.0
            return "", 0.0

    layout = _layout([("TRÍCH LỤC KHAI TỬ", 0.99), ("Họ, chữ đệm, tên: Tương Mnh Tuấn", 0.99)])
    f = extract(layout, TEMPLATES_BY_ID["civil.death_extract"], image=np.full((layout.height, 1200), 255, np.uint8),
                reader=Ink())["full_name"]
    assert (f.value, f.status) == ("Trương Minh Tuấn", "uncertain") and SURNAME_CONSTRAINED in f.messages
