"""A place's name no administrative unit has, read as the unit's name near it where the line's ink
supports it — the unit word and the rest of the line as read — and every other name left as read
(a real unit's name, a hamlet's, a number)."""

from __future__ import annotations

import pytest

from conftest import line_crop, page_of, read_with_and_without, smeared
from scanner_station.ocr.calibration import calibrate
from scanner_station.ocr.headings import weigh
from scanner_station.ocr.places import RULE, UNSURE, as_placed, candidates, near_names, spans
from scanner_station.synth.pages import cursive_fonts, printed_fonts


def _font(name: str):
    return next(f for f in printed_fonts() + cursive_fonts() if f.name.startswith(name))


def test_a_places_name_is_found_after_its_unit_word():
    text = "Nơi cư trú: xã Ea Tu, huyện Krông Pắc, thành phố Huế, tỉnh Đắk Lắk"
    assert [name for _, _, name in spans(text)] == ["Ea Tu", "Krông Pắc", "Huế", "Đắk Lắk"]
    assert all(text[a:b] == name for a, b, name in spans(text))
    # a small word ends a name; a unit word after a name is the next place's
    assert [n for *_, n in spans("xã Tân Phú nay là phường Tân Phú")] == ["Tân Phú", "Tân Phú"]
    assert [n for *_, n in spans("ỦY BAN NHÂN DÂN PHƯỜNG VĂN HN INH")] == ["VĂN HN INH"]
    assert spans("Dân tộc: Kinh Quốc tịch: Việt Nam") == []


@pytest.mark.parametrize("read, name, expected", [
    ("Nơi cư trú: xã Thủy Xuân, huyện Bảo Thắng, tỉnh Nghệ Un", "Nghệ An",
     "Nơi cư trú: xã Thủy Xuân, huyện Bảo Thắng, tỉnh Nghệ An"),  # the rest as read
    ("c) Địa chỉ: phường Hưng Dũng, huyện Kông Pắc, tỉnh Thừa Thiên Huế", "Krông Pắc",
     "c) Địa chỉ: phường Hưng Dũng, huyện Krông Pắc, tỉnh Thừa Thiên Huế"),
    ("Nơi sinh: Trạm y tế xã Ea Tũ, thành phố Huế", "Ea Tu", "Nơi sinh: Trạm y tế xã Ea Tu, thành phố Huế"),
    ("ỦY BAN NHÂN DÂN PHƯỜNG VĨNH NlNH", "PHƯỜNG VĨNH NINH", "ỦY BAN NHÂN DÂN PHƯỜNG VĨNH NINH"),  # an office
])
def test_a_name_no_unit_has_is_weighed_with_the_units_names_near_it(read, name, expected):
    assert candidates(read)[name] == [expected]


@pytest.mark.parametrize("read", [
    "Nơi cư trú: xã Tân Phú, huyện Đông Anh, tỉnh Nghệ An",  # every name a unit's
    "Địa chỉ: tỉnh Lạng Sơn",
    "phường 7, quận 3",  # numbers
    "Nơi sinh: Bệnh viện Bạch Mai",  # no unit word
    "xã Qwzkv",  # near no unit's name: a hamlet's, a place abroad — as read
    "",
])
def test_a_line_with_no_name_to_mend_is_not_weighed(read):
    assert candidates(read) == {}


def test_a_letterheads_office_is_weighed_with_the_communes_and_districts_full_names():
    got = candidates("ỦY BAN NHÂN DÂN X :TÂNPHO")  # the unit word misread too
    assert got["XÃ TÂN PHÚ"] == ["ỦY BAN NHÂN DÂN XÃ TÂN PHÚ"] and "XÃ AN PHÚ" in got
    assert "PHƯỜNG TRƯỜNG THI" in candidates("ỦY BAN NHÂN DÂN P HƯỜNG TRƯỜNG THI")
    assert candidates("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ") == {}  # a unit's as read, whatever the case
    assert candidates("ỦY BAN NHÂN DÂN XẼ ĐẦM LỆ") == {}  # near none (Cẩm Lệ is a district)
    assert candidates("ỦY BAN NHÂN DÂN Xã Tân Phú") == {}  # not in capitals: its names as read


def test_a_changed_name_is_placed_anew_the_other_words_where_they_were():
    from scanner_station.ocr.spacing import replaced_words

    def words(text):
        return [(w, 10 * i, 10 * i + 8, 0.9) for i, w in enumerate(text.split())]

    got = replaced_words(words("ỦY BAN NHÂN DÂN X :TÂNPHO"), "ỦY BAN NHÂN DÂN X :TÂNPHO", "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", 0.5)
    assert [w[0] for w in got] == ["ỦY", "BAN", "NHÂN", "DÂN", "XÃ", "TÂN", "PHÚ"]
    assert got[:4] == words("ỦY BAN NHÂN DÂN")[:4] and {w[3] for w in got[4:]} == {0.5}
    assert got[4][1] == 40 and got[-1][2] == 58  # within the words they replace
    old = "ỦY BAN NHÂN DÂN P HƯỜNG TRƯỜNG THI"  # a word joined
    got = replaced_words(words(old), old, "ỦY BAN NHÂN DÂN PHƯỜNG TRƯỜNG THI", 0.5)
    assert got[4] == ("PHƯỜNG", 40, 58, 0.5) and got[5:] == words(old)[6:]


def test_a_real_units_name_is_never_weighed_even_where_another_is_meant():
    # ``Long Sơn`` is a commune's name: the book may say it; it stays as read
    assert near_names("Long Sơn") == [] and "Lạng Sơn" in near_names("Lạng Sơm")


def test_a_misread_name_is_read_as_the_unit_the_ink_shows_and_one_it_does_not_stays(aster):
    crop = smeared("Nơi cư trú: xã Ea Tu, tỉnh Đắk Lắk", _font("Pacifico"), 2.6)
    first = aster.read([crop])[0]
    assert first.text == "Nơi cư trú: xã Eo Tu, tỉnh Đắh Lắk"  # two names misread
    read = as_placed([first], crop, aster)
    # ``Ea Tu`` the ink supports within the slack; ``Đắk Lắk`` it does not: as read
    assert read is not None and read.text == "Nơi cư trú: xã Ea Tu, tỉnh Đắh Lắk"
    assert read.extra["place"] == first.text  # the line as read, kept
    kept = [w for w in first.words if w[0] != "Eo"]
    assert [w for w in read.words if w[0] != "Ea"] == kept  # the other words where they were read
    assert all(0 <= w[1] < w[2] <= crop.shape[1] for w in read.words)
    assert calibrate("aster", min(w[3] for w in read.words)) < UNSURE  # flagged: as unsure as the ink


@pytest.mark.parametrize("written, font", [
    ("Nơi sinh: xã Yên Lăng, tỉnh Bắc Giang", "Roboto"),  # a name no unit has, clearly written
    ("Quê quán: huyện Bảo Tháng, tỉnh Lào Cai", "DancingScript"),
])
def test_a_name_no_unit_has_read_as_written_stays_as_written(aster, written, font):
    crop = line_crop(written, _font(font))
    first = aster.read([crop])[0]
    assert first.text == written
    weighed = weigh(first.text, crop, aster, candidates, RULE, own=False)
    assert weighed is not None and weighed.spelling != written  # a unit's name is near
    assert as_placed([first], crop, aster) is None


def test_the_default_engine_reads_a_misread_place_on_a_page_and_says_so():
    """On a page, a commune's name misread in a hand is read as the unit's (the layout counts it
    and keeps the line as read); without the step, as read."""
    page = page_of("Quê quán: xã Ea Tu, huyện Krông Pắc", _font("Pacifico"), 2.6)
    layout, plain = read_with_and_without(page, places=False)
    first, second = layout.text.splitlines()
    assert first == "Quê quán: xã Ea Tu, huyện Krông Pắc" and second == "Họ và tên: Nguyễn Văn An"
    assert plain.text.splitlines() == ["Quê quán: xã Eo Tu, huyện Krông Pắc", second]
    assert layout.meta["line_choices"]["place"] == 1
    [kept] = layout.meta["places"]
    assert kept == {"read": plain.text.splitlines()[0], "place": first, "box": kept["box"]}


def test_without_the_units_table_a_page_is_read_with_its_names_as_read(monkeypatch):
    from scanner_station.domain.errors import StationError
    from scanner_station.ocr import places

    def missing():
        raise StationError("the administrative units package (vietnamadminunits) is not installed")

    monkeypatch.setattr(places, "unit_names", missing)
    places._names.cache_clear()
    places._offices.cache_clear()
    try:
        assert candidates("Nơi cư trú: xã Thủy Xuân, huyện Bảo Thắng, tỉnh Nghệ Un") == {}
        assert candidates("ỦY BAN NHÂN DÂN X :TÂNPHO") == {}
    finally:
        places._names.cache_clear()
        places._offices.cache_clear()
    monkeypatch.undo()
    assert "Nghệ An" in candidates("Nơi cư trú: xã Thủy Xuân, huyện Bảo Thắng, tỉnh Nghệ Un")


def test_a_letterheads_office_line_is_weighed_on_the_page_though_no_unit_word_is_read(aster):
    """An office line is weighed as the other places are — also where no unit word was read as
    one (``X :TÂNPHO``): a step for the office, not only one a place's name."""
    from scanner_station.ocr.base import LineRead

    crop = smeared("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", _font("Roboto"), 3.2)
    words = aster.read([crop])[0].words
    lead, unit, name = words[:4], words[4], words[5:]  # the name read as one word or two
    garbled = lead + (("X", unit[1], unit[2], unit[3]),
                      (":TÂNPHO", name[0][1], name[-1][2], min(w[3] for w in name)))
    first = LineRead(" ".join(w[0] for w in garbled), 0.3, garbled, "aster")
    assert spans(first.text) == []  # no unit word read
    read = as_placed([first], crop, aster)
    assert read is not None and read.text == "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ"
    assert read.extra["place"] == first.text
    assert read.words[:4] == lead  # the lead where it was read
