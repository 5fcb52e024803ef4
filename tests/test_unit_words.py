"""A place's two-word unit word (thị xã, thành phố, thị trấn) read with a letter lost or misread
before a unit's name of its kind is shown spelled — a question, the page reading kept; a word
like it before anything else is left as read."""

from __future__ import annotations

import pytest
from test_forms import TEMPLATES_BY_ID, _layout

from scanner_station.extraction.extract import extract
from scanner_station.extraction.unit_words import DISTRICT_KIND_SPELLED, district_kind_spelled


@pytest.mark.parametrize("text,want", [
    ("xã Hòa Khánh, Chị, xã Sa Pa, tỉnh Lào Cai", "xã Hòa Khánh, thị xã Sa Pa, tỉnh Lào Cai"),
    ("xã Quảng Tân, Khịixã Ba Đồn, tỉnh Quảng Bình", "xã Quảng Tân, thị xã Ba Đồn, tỉnh Quảng Bình"),
    ("phường Thọ Xương, Hành phố Bắc Giang, tỉnh Bắc Giang",
     "phường Thọ Xương, thành phố Bắc Giang, tỉnh Bắc Giang"),
    ("thị bấn Phố Lu, huyện Bảo Thắng, tỉnh Lào Cai", "thị trấn Phố Lu, huyện Bảo Thắng, tỉnh Lào Cai"),
    # two words three letters off ("Chị bần": t read as C and as b, r lost), after the office's name
    ("Chị bần Thác Bà, huyện Yên Bình, tỉnh Yên Bái", "thị trấn Thác Bà, huyện Yên Bình, tỉnh Yên Bái"),
    ("Ủy ban nhân dân thị bấn Mường Giàng, huyện Quỳnh Nhai, tỉnh Sơn La",
     "Ủy ban nhân dân thị trấn Mường Giàng, huyện Quỳnh Nhai, tỉnh Sơn La"),
    ("Ủy ban nhân dân xã Thác Bà, huyện Yên Bình, tỉnh Yên Bái", ""),  # a commune's word after the office
    # a one-word unit word with a mark or a letter otherwise, before a unit's name of its kind
    ("xã Thanh Tuyền, huyên Dầu Tiếng, tỉnh Bình Dương", "xã Thanh Tuyền, huyện Dầu Tiếng, tỉnh Bình Dương"),
    ("xã Đắk R'Măng, Ruyên Đăk Glong, tỉnh Đắk Nông", "xã Đắk R'Măng, huyện Đăk Glong, tỉnh Đắk Nông"),
    ("phờng Quyết Thắng, thành phố Sơn La, tỉnh Sơn La", "phường Quyết Thắng, thành phố Sơn La, tỉnh Sơn La"),
    ("xã Gia Phúc, huyên Gia Cốc, tỉnh Hải Dương", ""),     # no district of that name
    ("xã Tân Phú, Quan Sơn, tỉnh Thanh Hóa", ""),           # a name's first word, the unit word lost
    ("xã Hòa Khánh, thị xã Sa Pa, tỉnh Lào Cai", ""),       # spelled already
    ("xã Tân Phú, xã Sa Pa, tỉnh Lào Cai", ""),             # a commune's word, not a misread one
    ("xã Tân Hòa, Thanh Hóa, tỉnh Thanh Hóa", ""),           # a name, then a unit word
    ("xã Hòa Khánh, Chị, xã Hòa Khánh, tỉnh Đà Nẵng", ""),  # no district of that name
    ("xã Hòa Khánh Xuân Chị xã Sa Pa", ""),                  # not where a part of the place opens
    # after a unit's name whose comma was lost ("Thất, thành" read "Thất hành"); a city province
    ("Ủy ban nhân dân xã Yên Bình, huyện Thạch Thất hành phố Hà Nội",
     "Ủy ban nhân dân xã Yên Bình, huyện Thạch Thất thành phố Hà Nội"),
    ("xã Hòa Khánh Chị xã Sa Pa", "xã Hòa Khánh thị xã Sa Pa"),
    # after a wording registers use before a commune, its word spaces lost
    ("Trạmy tế thị bấn Trung Phước, huyện Quế Sơn, tỉnh Quảng Nam",
     "Trạmy tế thị trấn Trung Phước, huyện Quế Sơn, tỉnh Quảng Nam"),
    ("Chợ mới thị bấn Trung Phước, huyện Quế Sơn", ""),     # no such wording before it
    # a name both a district's and a town's, as near thị xã as thị trấn in letters: the marks
    # read tell them apart ("bấn": trấn), else neither is shown
    ("Ủy ban nhân dân hị bấn Kim Sơn, huyện Quế Phong, tỉnh Nghệ An",
     "Ủy ban nhân dân thị trấn Kim Sơn, huyện Quế Phong, tỉnh Nghệ An"),
    ("Chị bẩn Nghĩa Đàn, huyện Nghĩa Đàn, tỉnh Nghệ An", ""),
    # spelled already, a leader's dot at its sides: no thị trấn three letters off it
    ("phường Phượng, Mao, .thị. xã Quế, Võ, tỉnh Bắc Ninh", ""),
    ("xã Yên Bình, huyện Thạch Thất hành chính", ""),       # no unit of that kind after it
])
def test_a_misread_two_word_unit_word_is_spelled_before_a_unit_of_its_kind(text, want):
    assert district_kind_spelled(text) == want


def test_a_place_with_a_misread_unit_word_is_shown_with_it_spelled_as_a_question():
    t = TEMPLATES_BY_ID["civil.death_extract"]
    layout = _layout([("TRÍCH LỤC KHAI TỬ", 0.99), ("Nơi chết: xã Quảng Tân, Khịixã Ba Đồn, tỉnh Quảng Bình", 0.99)])
    f = extract(layout, t)["place_of_death"]
    assert f.value == "xã Quảng Tân, thị xã Ba Đồn, tỉnh Quảng Bình" and f.status == "uncertain"
    assert DISTRICT_KIND_SPELLED in f.messages and f.second_reading.startswith("xã Quảng Tân, Khịixã")


def test_a_places_own_reading_on_a_dotted_form_is_weighed_without_the_leaders_dots():
    from scanner_station.extraction.reread import _undotted
    assert _undotted("phường Phượng, Mao, .thị. xã Quế Võ, tỉnh Bắc Ninh") == \
        "phường Phượng, Mao, thị xã Quế Võ, tỉnh Bắc Ninh"
    assert _undotted("Bệnh viện T.Ư. Huế, TP. Huế") == "Bệnh viện T.Ư. Huế, TP. Huế"
    assert _undotted("phường Phượng, Mao,.thị. xã Quế Võ") == "phường Phượng, Mao,thị xã Quế Võ"
    # a dot after a word alone may be its comma misread: it stays
    assert _undotted("xã Thụy Trường, huyện Thái Thụy. tònh Thái Bình") == "xã Thụy Trường, huyện Thái Thụy. tònh Thái Bình"
