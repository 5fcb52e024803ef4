"""A hand's capital read as a small letter (X, L, G, Q, N written as their small letters, larger):
a place's unit names, an ethnic group and the term "Lâu dài" shown with the capitals the
orthography writes (ND 30/2020/NĐ-CP, Phụ lục II) — a question, the page reading kept."""

from __future__ import annotations

import numpy as np
import pytest
from test_forms import TEMPLATES_BY_ID, FakeReader, _layout

from scanner_station.extraction.capitals import (ISSUER_CAPITALS, LIST_CAPITAL, NAME_CAPITALS, PERSON_CAPITALS, person_name_capitalised,
                                                 place_names_capitalised)
from scanner_station.extraction.extract import extract


@pytest.mark.parametrize("text,want", [
    ("Ủy ban nhân dân xã Thủy xuân, huyện Bảo Thắng, tỉnh bắc Giang",
     "Ủy ban nhân dân xã Thủy Xuân, huyện Bảo Thắng, tỉnh Bắc Giang"),
    ("huyện lạng giang, tỉnh Bắc Giang", "huyện Lạng Giang, tỉnh Bắc Giang"),  # every syllable
    ("Thị trấn kép", "Thị trấn Kép"),                       # the unit word itself stays as read
    ("xã Ea h'leo, thị xã la Gi", "xã Ea H'leo, thị xã La Gi"),  # a two-word unit word
    ("Bệnh viện đa khoa xã xuân Cẩm", "Bệnh viện đa khoa xã Xuân Cẩm"),  # the wording before it not
    ("xã Hòa Lợi huyện giồng Riềng", "xã Hòa Lợi huyện Giồng Riềng"),  # a comma lost
    ("xã Hồ Tùng Nâu huyền ôn Thị tỉnh Hưng Yên", "xã Hồ Tùng Nâu huyền Ôn Thị tỉnh Hưng Yên"),  # huyện misread
    ("tại nhà, xã Tổng Cọt", ""),
    ("xã Đại Đồng huyện Văn Lâm tỉnh. Hưng Yên", ""),      # a stop read after a unit word
    ("xã Đại áng, huyện Thanh Trì", ""),                   # as the units' tables spell it
    ("huyện Đắk glei, tỉnh Kon Tum", "huyện Đắk Glei, tỉnh Kon Tum"),  # no syllable, a unit's name
    ("xã Đại áng, huyện thanh Trì", "xã Đại áng, huyện Thanh Trì"),
    ("Ban quản lý dự án xã Tân Phú", ""),                  # "quản" is no quận misread                           # as the orthography writes it
    ("phường 5, quận 3, thành phố Hồ Chí Minh", ""),        # numbered units
    ("xã Tân Phú cũ, nay là phường Tân Hòa", ""),           # words after a name that are not of it
    ("ủu bao chân dẫn xã Vĩnh Bửu, huuận Tân Hưng", ""),    # no unit word read: nothing to go by
    ("thị trấn Hưng Lợi xx, huyện thạnh Trị", "thị trấn Hưng Lợi xx, huyện Thạnh Trị"),  # no syllable: as read
])
def test_a_places_unit_names_open_each_syllable_with_a_capital(text, want):
    assert place_names_capitalised(text) == want


@pytest.mark.parametrize("text,want", [
    ("Huỳnh “đình Quang", "Huỳnh Đình Quang"),  # a quote mark read before the hand's small-looking Đ
    ("nguyễn văn an", "Nguyễn Văn An"),
    ("Nguyễn Văn An", ""),
    ("Nguyễn xx An", ""),                      # a word that is no syllable: as read
    ("3Ng ẴỀn sn o Hỳnh", ""),
    ("H'Hen Niê", ""),
    ("Lê Văn An, vợ là bà Bùi Thị Hoa", ""),   # words beside the names: as read
    ("Hộ gia đình ông lê Văn An", ""),
])
def test_a_persons_name_opens_each_syllable_with_a_capital(text, want):
    assert person_name_capitalised(text) == want


def _field(line, template, key):
    layout = _layout([(template[1], 0.99), (line, 0.99)], engine="aster")
    image = np.full((layout.height, 1200), 255, np.uint8)
    return extract(layout, TEMPLATES_BY_ID[template[0]], image=image, reader=FakeReader())[key]


@pytest.mark.parametrize("line,template,key,shown,why", [
    ("Nơi sinh: xã Thủy xuân, huyện Nam Trực, tỉnh Nam Định", ("civil.birth_extract", "TRÍCH LỤC KHAI SINH"),
     "place_of_birth", "xã Thủy Xuân, huyện Nam Trực, tỉnh Nam Định", NAME_CAPITALS),
    ("Dân tộc: nùng", ("civil.birth_extract", "TRÍCH LỤC KHAI SINH"), "ethnicity", "Nùng", LIST_CAPITAL),
    ("Họ, chữ đệm, tên: Vũ “đức Hiếu", ("civil.birth_extract", "TRÍCH LỤC KHAI SINH"), "full_name", "Vũ Đức Hiếu",
     PERSON_CAPITALS),
    ("Thời hạn sử dụng: lâu dài", ("land.gcn", "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"), "land_use_term", "Lâu dài",
     LIST_CAPITAL),
    ("Thời hạn sử dụng: đến ngày 15/10/2063", ("land.gcn", "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"), "land_use_term",
     None, LIST_CAPITAL),
    ("Dân tộc: Nùng", ("civil.birth_extract", "TRÍCH LỤC KHAI SINH"), "ethnicity", None, LIST_CAPITAL),
    ("ỦY BAN NHÂN DÂN xã Đức Bình", ("procedure.result", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "issuer", "XÃ ĐỨC BÌNH",
     ISSUER_CAPITALS),
    ("ỦY BAN NHÂN DÂN XÃ ĐỨC BÌNH", ("procedure.result", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "issuer", None,
     ISSUER_CAPITALS),
])
def test_a_value_read_with_a_small_letter_where_the_orthography_writes_a_capital_is_a_question(
        line, template, key, shown, why):
    f = _field(line, template, key)
    as_read = line.split(": ", 1)[1] if ": " in line else line.split("DÂN ", 1)[1]
    if shown:
        assert f.value == shown and why in f.messages and f.second_reading == as_read
        assert f.status == "uncertain"
    else:
        assert f.value == as_read and why not in f.messages
