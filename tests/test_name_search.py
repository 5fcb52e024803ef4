"""A doubtful name read again word by word on its ink (``extraction.name_search``), and the
person's sex a name field knows (``sex =`` in a template, a section's, the record's sex field)."""

from __future__ import annotations

import numpy as np
import pytest

from scanner_station.domain.text import levenshtein
from scanner_station.extraction.name_search import (NAME_SEARCHED, NAME_SEX, SEARCH_GAIN, SEX_MARGIN,
                                                    given_by_sex, nearest, search)


def ink_of(truth: str, per_edit: float = 3.0, prefer: dict[str, float] | None = None):
    """A stand-in for a crop's weighing: the text's distance to what the ink holds, in nats,
    with ``prefer``: texts weighed as given."""
    def weigh(text: str) -> float:
        if prefer and text in prefer:
            return prefer[text]
        return -per_edit * levenshtein(text, truth)
    return weigh


def test_a_name_misread_on_its_line_is_found_from_the_crops_own_reading():
    # shown "Tạ Đứ Hung" (the line's reading); the crop reads "Tặ Đức Hưng": each word tried
    # with the list words nearest it, the family name among the family names
    text, why = search(ink_of("Tạ Đức Hưng"), "Tạ Đứ Hung", "Tặ Đức Hưng")
    assert (text, why) == ("Tạ Đức Hưng", NAME_SEARCHED)
    # from the name shown alone, too
    assert search(ink_of("Phan Hữu Hiếu"), "Pha Hữu Hiá", "")[0] == "Phan Hữu Hiếu"


def test_the_name_shown_stays_where_the_ink_supports_no_other_clearly_better():
    assert search(ink_of("Lê Văn Tường"), "Lê Văn Tường", "Lê Văn Tưởng") == ("", "")
    # a name found only SEARCH_GAIN - 0.5 nats better is no reason to show it
    weigh = ink_of("x", prefer={"Lê Văn Tường": -5.0, "Lê Văn Trường": -5.0 + SEARCH_GAIN - 0.5})
    assert search(weigh, "Lê Văn Tường", "")[0] == ""


def test_a_name_the_ink_supports_only_less_badly_or_with_fewer_list_words_is_not_shown():
    from scanner_station.extraction.name_search import FOUND_FLOOR

    # the crop holds other ink: every name weighs far below a reading of it
    weigh = ink_of("x", prefer={"Lý Minh Quang": -170.0, "La Anh Sang": -155.0})
    assert search(weigh, "Lý Minh Quang", "") == ("", "")
    weigh = ink_of("x", prefer={"Lê Công Hưng": -15.0, "Lê Công Hùng": FOUND_FLOOR - 1})
    assert search(weigh, "Lê Công Hưng", "") == ("", "")
    # a stroke beside a printed name read as a word ("Tuyết I"): no more words off the lists
    weigh = ink_of("x", prefer={"Võ Ngọc Tuyết": -1.0, "Võ Ngọc Tuyết I": 3.0})
    assert search(weigh, "Võ Ngọc Tuyết", "Võ Ngọc Tuyết I") == ("", "")
    # the crop's reading "Hoàng lăn Tiến" is better supported, but "lăn" is no name word
    weigh = ink_of("x", prefer={"Hoàng Văn Tiến": -2.5, "Hoàng lăn Tiến": 2.0})
    assert search(weigh, "Hoàng Văn Tiến", "Hoàng lăn Tiến") == ("", "")


def test_what_the_crop_took_in_of_the_label_is_no_part_of_a_name_found():
    # the crop's own reading "a:Dương Xuân Toản" (the label's last letter and colon before the
    # name): a start without them, and no name found with a mark inside a word
    weigh = ink_of("Dương Xuân Toản", prefer={"a:Dương Xuân Toản": 5.0})
    text, why = search(weigh, "Đương Xuân Toản", "a:Dương Xuân Toản")
    assert (text, why) == ("Dương Xuân Toản", NAME_SEARCHED)
    weigh = ink_of("x", prefer={"Đương Xuân Toản": -9.0, "a:Dương Xuân Toản": 5.0})
    assert ":" not in search(weigh, "Đương Xuân Toản", "a:Dương Xuân Toản")[0]


def test_a_list_word_is_shown_as_another_only_where_the_ink_clearly_prefers_it():
    from scanner_station.extraction.name_search import SWAP_GAIN

    # "Thủy" and "Thúy" are both names: a few nats are no reason to show the other
    weigh = ink_of("x", prefer={"Phạm Thị Thủy": -1.7, "Phạm Thị Thúy": -1.7 + SWAP_GAIN - 1})
    assert search(weigh, "Phạm Thị Thủy", "Phạm Thị Thúy") == ("", "")
    weigh = ink_of("x", prefer={"Phạm Thành Quỳnh": -8.8, "Phạm Thanh Quỳnh": 2.1})
    assert search(weigh, "Phạm Thành Quỳnh", "Phạm Thanh Quỳnh") == ("Phạm Thanh Quỳnh", NAME_SEARCHED)


def test_a_word_no_list_has_stays_where_the_ink_writes_it():
    # a rare given name clearly written: the lists propose, the ink decides
    rare = "Nguyễn Văn Khuếch"
    assert "Khuếch" not in given_by_sex()["Nam"] | given_by_sex()["Nữ"]
    assert search(ink_of(rare), rare, rare) == ("", "")


def test_a_given_name_of_the_other_sex_is_read_among_the_persons_own():
    # a mother's "Hưng": the ink supports "Hương" 2 nats less — the mother's name is "Hương"
    weigh = ink_of("x", prefer={"Bùi Diệu Hưng": 0.0, "Bùi Diệu Hương": -2.0})
    assert search(weigh, "Bùi Diệu Hưng", "", "Nữ") == ("Bùi Diệu Hương", NAME_SEX)
    # the father's "Hưng" stays; the mother's too where the ink is far from "Hương"
    assert search(weigh, "Bùi Diệu Hưng", "", "Nam") == ("", "")
    far = ink_of("x", prefer={"Bùi Diệu Hưng": 0.0, "Bùi Diệu Hương": -SEX_MARGIN - 1})
    assert search(far, "Bùi Diệu Hưng", "", "Nữ") == ("", "")
    # no sex known: a middle name only one sex is given says it
    weigh = ink_of("x", prefer={"Tạ Thị Hưng": 0.0, "Tạ Thị Hương": -2.0, "Tạ Văn Hương": 0.0, "Tạ Văn Hưng": -2.0})
    assert search(weigh, "Tạ Thị Hưng", "") == ("Tạ Thị Hương", NAME_SEX)
    assert search(weigh, "Tạ Văn Hương", "") == ("Tạ Văn Hưng", NAME_SEX)
    # a given name both sexes use is no reason ("Tường")
    both = ink_of("x", prefer={"Lê Thu Tường": 0.0, "Lê Thu Trường": -1.0})
    assert search(both, "Lê Thu Tường", "", "Nữ") == ("", "")


def test_capitals_stay_capitals():
    text, _ = search(ink_of("TẠ ĐỨC HƯNG"), "TẠ ĐỨ HUNG", "")
    assert text == "TẠ ĐỨC HƯNG"


def test_the_given_name_lists_by_sex_come_from_the_name_database():
    from importlib import resources

    words = given_by_sex()
    assert "Hưng" in words["Nam"] - words["Nữ"] and "Hương" in words["Nữ"] - words["Nam"]
    assert "Tường" in words["Nam"] & words["Nữ"]
    text = resources.files("scanner_station.data").joinpath("given_name_words.txt").read_text("utf-8")
    assert "MIT License" in text and "Copyright (c) 2016 Van-Duyet Le" in text
    assert "Hưng" in nearest("Hung", False) and "Tạ" in nearest("Tặ", True)


def test_a_template_field_says_its_persons_sex(tmp_path):
    from scanner_station.extraction.templates import TemplateError, load_all, load_template

    by_id = {t.id: t for t in load_all()}
    specs = {s.key: s for s in by_id["civil.birth_extract"].fields}
    assert (specs["mother_name"].sex, specs["father_name"].sex, specs["full_name"].sex) == ("Nữ", "Nam", "")
    src = by_id["civil.birth_extract"].path
    bad = tmp_path / "t.toml"
    text = open(src, encoding="utf-8").read().replace('sex = "Nữ"', 'sex = "nu"', 1)
    bad.write_text(text.replace('id = "civil.birth_extract"', 'id = "civil.birth_extract_x"'), "utf-8")
    with pytest.raises(TemplateError, match="'sex' is 'Nam' or 'Nữ'"):
        load_template(bad)


class _Ink:
    """A reader whose crop holds a name (its weighing: ``ink_of``) and reads it as ``read``."""

    def __init__(self, truth: str, read: str, prefer: dict[str, float] | None = None) -> None:
        self.truth, self.read_text, self.prefer = truth, read, prefer

    def second_opinion(self, crop, first_engine):
        return ""

    def constrained(self, crop, value, cands, **kw):
        return "", 0.0

    def weigher(self, crop):
        return ink_of(self.truth, prefer=self.prefer)

    def band_reading(self, crop):
        from scanner_station.ocr.base import LineRead

        return LineRead(self.read_text, 0.5, (), "aster")


@pytest.mark.parametrize("sex_line,expected", [("Giới tính: Nam", "Hồ Văn Hưng"), ("Giới tính: Nữ", "Hồ Thị Hương")])
def test_the_records_own_name_is_read_with_the_sex_its_form_gives(sex_line, expected):
    from test_forms import TEMPLATES_BY_ID, _layout

    from scanner_station.extraction.extract import extract

    shown = "Hồ Văn Hưng" if "Nam" in sex_line else "Hồ Thị Hưng"
    layout = _layout([("TRÍCH LỤC KHAI SINH", 0.99), (f"Họ, chữ đệm, tên: {shown}", 0.6), (sex_line, 0.99)])
    reader = _Ink("x", shown, prefer={shown: 0.0, shown.replace("Hưng", "Hương"): -1.5})
    f = extract(layout, TEMPLATES_BY_ID["civil.birth_extract"], image=np.full((layout.height, 1200), 255, np.uint8),
                reader=reader)["full_name"]
    assert f.value == expected and f.status == "uncertain"
    if expected != shown:
        assert f.second_reading == shown and NAME_SEX in f.messages


def test_a_name_ending_in_a_word_a_place_never_ends_in_is_not_cut_off():
    """"Trần Thu Tình", "Lê Thị Chi": given names, not a place's "tỉnh" or "chi" left at a line's
    end — the name is read again on its crop like any other (a cut value is not)."""
    from test_forms import TEMPLATES_BY_ID, _layout

    from scanner_station.extraction.extract import extract
    from scanner_station.extraction.reading import dangling

    assert dangling("xã Tân Phú, tỉnh") and dangling("Lê Thị,", "name")
    assert not dangling("Trần Thu Tình", "name") and not dangling("Lê Thị Chi", "name")
    layout = _layout([("TRÍCH LỤC KHAI SINH", 0.99), ("Họ, chữ đệm, tên: Hồ Thị Tình", 0.6),
                      ("Giới tính: Nữ", 0.99)])
    reader = _Ink("Hồ Thị Trinh", "Hồ Thị Trinh")
    f = extract(layout, TEMPLATES_BY_ID["civil.birth_extract"], image=np.full((layout.height, 1200), 255, np.uint8),
                reader=reader)["full_name"]
    assert "the value seems cut off at the end of a line" not in f.messages
    assert (f.value, f.second_reading, f.status) == ("Hồ Thị Trinh", "Hồ Thị Tình", "uncertain")
